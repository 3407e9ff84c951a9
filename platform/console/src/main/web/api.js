// The console's only way to the server: the REST API at /api/v1, with the signed-in person's
// credentials on every call. The API checks each call itself; the console only hides what a
// person's roles would refuse anyway.

const BASE = '/api/v1';
const KEY = 'rapport.session';

/** An answer other than 2xx: the API's error document ({status, code, message, fields}). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.fields = (body && body.fields) || [];
  }
}

export const session = {
  get current() {
    const stored = sessionStorage.getItem(KEY);
    return stored ? JSON.parse(stored) : null;
  },
  has(role) {
    const s = this.current;
    return !!s && (s.roles.includes('admin') || s.roles.includes(role));
  },
  /** Whether the person holds one of {@code roles} (administrators hold every role). */
  hasAny(roles) {
    return [].concat(roles).some(role => this.has(role));
  },
  /** Checks the name and password with the server and keeps them for this browser tab. */
  async signIn(name, password) {
    const authorization = 'Basic ' + btoa(unescape(encodeURIComponent(`${name}:${password}`)));
    const who = await call('GET', '/session', undefined, authorization);
    sessionStorage.setItem(KEY, JSON.stringify({ name: who.name, roles: who.roles, authorization }));
    return who;
  },
  signOut() {
    sessionStorage.removeItem(KEY);
  }
};

async function call(method, path, body, authorization) {
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  const auth = authorization || (session.current && session.current.authorization);
  if (auth) headers['Authorization'] = auth;
  // A file (a Blob) goes as it is, its bytes the body; anything else as JSON.
  const file = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = file ? 'application/octet-stream' : 'application/json';
  const response = await fetch(BASE + path, {
    method, headers, body: body === undefined || file ? body : JSON.stringify(body), credentials: 'omit'
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && !authorization) {
      session.signOut();
      window.dispatchEvent(new Event('rapport:signed-out'));
    }
    throw new ApiError(response.status, data);
  }
  return data;
}

export const api = {
  get: path => call('GET', path),
  /** The items of a list endpoint, which answers one page: {items, offset, limit, total}. */
  items: async path => (await call('GET', path)).items,
  post: (path, body) => call('POST', path, body === undefined ? {} : body),
  put: (path, body) => call('PUT', path, body),
  del: path => call('DELETE', path),
  /** Sends a file's bytes as the body ({@code application/octet-stream}). */
  upload: (path, file) => call('POST', path, file)
};

/** The query string of {@code params}, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
