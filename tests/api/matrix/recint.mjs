// Routes added for the open gaps of recruiting (issue 3) and AI interviews (issue 4).
import { ADMIN, MANAGERS, READERS } from './roles.mjs';

export default {
  'GET /api/v1/interview-reviews': MANAGERS,
  'POST /api/v1/applications/{id}/interview/human-review': MANAGERS,
  'GET /api/v1/requisitions/{id}/interview-agreement': READERS,
  'POST /api/v1/retention/run': ADMIN,
  'GET /api/v1/user-directory': MANAGERS,
};
