import { RESTDataSource, type AugmentedRequest, type DataSourceConfig } from '@apollo/datasource-rest';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { GraphQLError } from 'graphql';

export interface FreshbooksAccount {
  /** e.g. https://example.freshbooks.com/api/2.1/xml-in */
  url: string;
  /** The API token: the Basic-auth user name. */
  token: string;
}

export interface FbPayment {
  payment_id: string;
  client_id?: string;
  invoice_id?: string;
  date: string;
  amount: string;
  currency_code?: string;
  type?: string;
  notes?: string;
}

export interface FbInvoice {
  invoice_id: string;
  number: string;
  currency_code?: string;
}

export interface FbClient {
  client_id: string;
  organization?: string;
  first_name?: string;
  last_name?: string;
}

interface FbResponse {
  '@_status': 'ok' | 'fail';
  error?: string;
  code?: string;
  payment?: FbPayment;
  payments?: { payment?: FbPayment[] };
  invoice?: FbInvoice;
  client?: FbClient;
}

// Values stay strings (ids are zero-padded, amounts keep their scale); the status is an attribute;
// a list's items are an array even when the page holds one.
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, jpath) => jpath === 'response.payments.payment',
});
const builder = new XMLBuilder({ ignoreAttributes: false });

/** FreshBooks Classic: every call is a `POST` of `<request method="…">` XML to one URL. */
export class FreshbooksAPI extends RESTDataSource {
  private readonly authorization: string;

  constructor(options: FreshbooksAccount & DataSourceConfig) {
    super({ cache: options.cache });
    this.baseURL = options.url;
    this.authorization = `Basic ${Buffer.from(`${options.token}:X`).toString('base64')}`;
  }

  override willSendRequest(_path: string, request: AugmentedRequest) {
    request.headers['authorization'] = this.authorization;
    request.headers['content-type'] = 'application/xml; charset=utf-8';
  }

  async getPayment(id: string): Promise<FbPayment | null> {
    return (await this.call('payment.get', { payment_id: id }))?.payment ?? null;
  }

  async getInvoice(id: string): Promise<FbInvoice | null> {
    return (await this.call('invoice.get', { invoice_id: id }))?.invoice ?? null;
  }

  async getClient(id: string): Promise<FbClient | null> {
    return (await this.call('client.get', { client_id: id }))?.client ?? null;
  }

  async listPayments(page: number, perPage: number): Promise<FbPayment[]> {
    return (await this.call('payment.list', { page, per_page: perPage }))?.payments?.payment ?? [];
  }

  /** null when FreshBooks says the record does not exist (error 50010). */
  private async call(method: string, params: Record<string, string | number>): Promise<FbResponse | null> {
    const body = `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ request: { '@_method': method, ...params } }) as string}`;
    // RESTDataSource parses JSON replies itself and hands anything else over as text.
    const xml = await this.post<string>('', { body });
    const { response } = parser.parse(xml) as { response?: FbResponse };
    if (!response) throw new GraphQLError(`FreshBooks ${method}: no <response> in the reply`);
    if (response['@_status'] === 'ok') return response;
    if (response.code === '50010') return null;
    throw new GraphQLError(`FreshBooks ${method} failed: ${response.error ?? 'unknown error'} (${response.code ?? 'no code'})`);
  }
}
