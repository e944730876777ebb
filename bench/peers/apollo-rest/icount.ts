import { RESTDataSource, type AugmentedRequest, type DataSourceConfig } from '@apollo/datasource-rest';
import { GraphQLError } from 'graphql';

export interface IcountCredentials {
  /** e.g. https://api.icount.co.il/api/v3.php */
  url: string;
  cid: string;
  user: string;
  pass: string;
}

interface IcountReply {
  status: boolean;
  reason?: string;
}

interface LoginReply extends IcountReply {
  sid?: string;
}

export interface TokenInfo extends IcountReply {
  token_id: number;
  cc_type?: string;
  cc_last4?: string;
  cc_exp_month?: number | string;
  cc_exp_year?: number | string;
  cc_holder_name?: string;
}

export interface IcountClient {
  client_id: number;
}

interface ClientList extends IcountReply {
  clients?: IcountClient[] | Record<string, IcountClient>;
}

interface ClientCards extends IcountReply {
  cc_tokens?: TokenInfo[];
}

/**
 * One iCount session per process: data sources are created per request, so the sid lives here
 * and is renewed when iCount says it is no longer valid.
 */
let session: Promise<string> | null = null;

/** iCount API v3: `POST {url}/{module}/{method}` with a JSON body carrying the session id. */
export class IcountAPI extends RESTDataSource {
  private readonly credentials: IcountCredentials;

  constructor(options: IcountCredentials & DataSourceConfig) {
    super({ cache: options.cache });
    this.credentials = options;
    this.baseURL = options.url.endsWith('/') ? options.url : `${options.url}/`;
  }

  override willSendRequest(_path: string, request: AugmentedRequest) {
    request.headers['accept'] = 'application/json';
  }

  async getCard(tokenId: number): Promise<TokenInfo | null> {
    const reply = await this.call<TokenInfo>('cc_storage/token_info', { cc_token_id: tokenId });
    if (reply.status) return reply;
    if (reply.reason === 'bad_token') return null;
    throw new GraphQLError(`iCount cc_storage/token_info failed: ${reply.reason}`);
  }

  /** The iCount client whose custom_client_id holds this FreshBooks client id, if any. */
  async findClientByExternalId(externalId: string): Promise<IcountClient | null> {
    const reply = await this.call<ClientList>('client/get_list', { custom_client_id: externalId, list_type: 'array', detail_level: 1 });
    if (!reply.status) throw new GraphQLError(`iCount client/get_list failed: ${reply.reason}`);
    return Object.values(reply.clients ?? {})[0] ?? null;
  }

  async getClientCards(clientId: number): Promise<TokenInfo[]> {
    const reply = await this.call<ClientCards>('client/get_cc_tokens', { client_id: clientId });
    if (reply.status) return reply.cc_tokens ?? [];
    if (reply.reason === 'client_not_found') return [];
    throw new GraphQLError(`iCount client/get_cc_tokens failed: ${reply.reason}`);
  }

  private async call<T extends IcountReply>(path: string, params: Record<string, unknown>, retried = false): Promise<T> {
    const login = this.login();
    const reply = await this.post<T>(path, { body: { sid: await login, ...params } });
    if (!reply.status && !retried && /sid|session|login|auth/i.test(reply.reason ?? '')) {
      if (session === login) session = null;
      return this.call<T>(path, params, true);
    }
    return reply;
  }

  private login(): Promise<string> {
    const { cid, user, pass } = this.credentials;
    session ??= this.post<LoginReply>('auth/login', { body: { cid, user, pass } }).then(
      (reply) => {
        if (!reply.status || !reply.sid) throw new GraphQLError(`iCount login failed: ${reply.reason}`);
        return reply.sid;
      },
      (err: unknown) => {
        session = null;
        throw err;
      },
    );
    return session;
  }
}
