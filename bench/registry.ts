import { catalogBench } from './catalog';
import { genBench } from './gen/bench';
import { llmBench } from './llm-overhead';
import { sessionsBench, usageBench } from './sessions-usage';
import { serveBench } from './serve';
import { rendererBench } from './renderer';
import { engineBench } from './engine';
import { ragTokensBench } from './rag-tokens';
import { evalBench } from './eval';
import { hubBench } from './hub';
import { hubTeamBench } from './hub-team';
import { importServeBench } from './import-serve';
import { streamWritesBench } from './stream-writes';
import { searchFiltersBench } from './search-filters';
import { manualPromptBench } from './manual-prompt';

export interface Bench {
  name: string;
  run(args: string[]): Promise<void>;
}

/** Every benchmark `npm run bench` knows; each module adds itself here. */
export const benches: Bench[] = [catalogBench, genBench, sessionsBench, usageBench, llmBench, engineBench, serveBench, rendererBench, ragTokensBench, evalBench, hubBench, hubTeamBench, importServeBench, streamWritesBench, searchFiltersBench, manualPromptBench];
