// Every hub schema module, in the order `deskmate hub init` applies them. A module keeps its migrations in its
// own file; adding a module means adding one entry here.
import type { HubMigrationModule } from './migrations';
import { catalogHubMigrations } from './catalog-migrations';
import { teamHubMigrations } from './team-migrations';

export const hubMigrationModules: readonly HubMigrationModule[] = [
  catalogHubMigrations,
  teamHubMigrations,
];
