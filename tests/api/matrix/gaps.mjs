// Routes added to close product gaps (existing labour contracts of employees hired outside onboarding).
import { HR } from './roles.mjs';

export default {
  'POST /api/v1/labour-contracts': HR,
  'POST /api/v1/labour-contracts/import': HR,
};
