import { DEFAULT_TOKEN_LIFETIME_S } from '../auth.js';
import { IcountError } from '../envelope.js';
import type { IcountConfig } from '../options.js';
import type { HandlerContext, Route } from './context.js';

function userInfo(config: IcountConfig) {
  return {
    user_id: 1,
    username: config.credentials.user,
    email: `${config.credentials.user}@${config.credentials.cid}.example`,
    phone: '',
    mobile: '',
    first_name: 'API',
    last_name: 'User',
    full_name: 'API User',
    first_name_he: 'ממשק',
    last_name_he: 'משתמש',
    full_name_he: 'ממשק משתמש',
    first_name_en: 'API',
    last_name_en: 'User',
    full_name_en: 'API User',
    profile_image: '',
    priv_level: 10,
    priv_name: 'admin',
    job_type_id: 0,
    job_type_name: '',
    job_type_hours: 0,
  };
}

function companyInfo(config: IcountConfig) {
  return {
    cid: config.credentials.cid,
    businessName: 'PayGraph Demo Ltd',
    businessName_en: 'PayGraph Demo Ltd',
    vat_id: '515555555',
    businessType: 'company',
    currency_id: 5,
    currency_code: 'ILS',
    is_trial: false,
    is_tax_exempt: false,
    is_vat_exempt: false,
    cc_enabled: true,
    cc_require_cvv: false,
    cc_storage_enabled: true,
  };
}

function account(ctx: HandlerContext, sid: string | null) {
  const { config, p } = ctx;
  return {
    sid,
    cid: config.credentials.cid,
    user: config.credentials.user,
    user_id: 1,
    user_info: userInfo(config),
    ...(p.bool('get_company_info') ? { company_info: companyInfo(config) } : {}),
  };
}

export const authRoutes: Record<string, Route> = {
  'auth/login': {
    public: true,
    handler: (ctx) => account(ctx, ctx.authenticator.login(ctx.p, ctx.authorization, ctx.now)),
  },
  'auth/logout': {
    handler: (ctx) => {
      if (ctx.auth?.mode === 'sid') ctx.authenticator.end(ctx.auth.sid);
      return { reason: 'BYE' };
    },
  },
  'auth/info': {
    handler: (ctx) => account(ctx, ctx.auth?.mode === 'sid' ? ctx.auth.sid : null),
  },
  /** [oas] token/create: `expires_in` seconds (default one day, 0 permanent), `no_refresh`. The reply keys are a guess. */
  'token/create': {
    handler: (ctx) => {
      const lifetime = ctx.p.has('expires_in') ? Number(ctx.p.str('expires_in')) : DEFAULT_TOKEN_LIFETIME_S;
      if (!Number.isInteger(lifetime) || lifetime < 0) throw new IcountError('bad_expires_in', 'expires_in must be a whole number of seconds');
      return { ...ctx.authenticator.createToken(ctx.now, lifetime, ctx.p.bool('no_refresh')) };
    },
  },
  /** [oas] token/refresh: `access_token` + `refresh_token` (no other authentication) → a new pair. */
  'token/refresh': {
    public: true,
    handler: (ctx) => ({ ...ctx.authenticator.refreshToken(ctx.p, ctx.now) }),
  },
};
