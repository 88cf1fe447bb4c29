// Which build this is, for reports: the version from package.json and the git commit the build
// was made from (VITE_APP_COMMIT, set by `npm run build`; "-dirty" when the tree had changes).
import { version } from '../../package.json';
import type { DetectorReport } from '../report/api-types';

const commit = (import.meta.env.VITE_APP_COMMIT as string | undefined)?.trim();

export const APP_INFO: DetectorReport['app'] = { name: 'deepfake-detector', version, commit: commit ? commit : null };
