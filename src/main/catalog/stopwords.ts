// Function words dropped from queries (they match nearly everything and identify nothing).
const EN = `a about above after again all also am an and any are as at be been before being below between both but by
can could did do does doing down during each few for from further get got had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own
please same she should so some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours yourself
hi hello thanks thank tell know need want able much many long`;

// Chinese and Korean particles / question words (as the query side produces them: single characters or bigrams).
const CJK = `的 了 吗 呢 吧 是 在 和 与 或 我 你 他 她 它 们 这 那 个 有 没 么 什么 怎么 多少 可以 请问 一下 는 은 이 가 을 를
의 에 도 와 과 로 으로 에서 요 까 나요 어요 습니다 있나요 인가요`;

export const STOP_WORDS: ReadonlySet<string> = new Set([...EN.split(/\s+/), ...CJK.split(/\s+/)].filter(Boolean));
