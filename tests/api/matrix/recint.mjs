// Human review of AI interviews, a plan's rating agreement, data retention and the user directory
// (recruiting issue 3, AI interviews issue 4).
import { ADMIN, MANAGERS, READERS } from './roles.mjs';

export default {
  'GET /api/v1/interview-reviews': MANAGERS,
  'POST /api/v1/applications/{id}/interview/human-review': MANAGERS,
  'GET /api/v1/requisitions/{id}/interview-agreement': READERS,
  'POST /api/v1/retention/run': ADMIN,
  'GET /api/v1/user-directory': MANAGERS,
};
