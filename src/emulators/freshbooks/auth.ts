/** HTTP Basic with the API token as user name; the password is ignored (`X`, empty or missing). */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

export const LOGIN_SEARCH_HTML = `<!DOCTYPE html>
<html><head><title>FreshBooks - Find your account</title></head>
<body><h1>We couldn't find that FreshBooks account</h1>
<p><a href="/loginSearch.php">Search for your account</a></p></body></html>
`;
