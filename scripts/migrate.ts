import { getConfig } from '../core/platform/config';
import { migrate } from '../core/platform/migrate';

const { DATABASE_URL, DB_SCHEMA } = getConfig();
migrate(DATABASE_URL, DB_SCHEMA).then(
  (applied) => console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Migrations: up to date'),
  (error) => { console.error(error.message); process.exit(1); },
);
