// Empties the throwaway PostgreSQL test database between servers (DROP SCHEMA public CASCADE),
// through psql on the cluster that scripts/pg-throwaway.sh started.
import { execFileSync } from 'node:child_process';

export default {
  async reset() {
    const url = process.env.HIREFLOW_TEST_PG_URL;
    if (!url) throw new Error('HIREFLOW_TEST_PG_URL is not set');
    execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'],
      { stdio: ['ignore', 'ignore', 'inherit'] });
  },
};
