/** Personal-information checks and the 错敏词 list: back office and `gongkai privacy`. */
import type { GongkaiModule } from '../registry.ts';
import { privacyCli } from './cli.ts';
import { privacyRoutes } from './routes/index.ts';

export const privacyModule: GongkaiModule = {
  name: 'privacy',
  routes: privacyRoutes,
  cli: privacyCli,
  adminNav: [
    { href: '/admin/privacy/scan', label: '个人信息检查', permission: 'privacy.scan' },
    { href: '/admin/privacy/expressions', label: '错敏词管理', permission: 'privacy.rules.manage' },
  ],
};
