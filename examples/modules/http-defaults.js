// Request parameters shared by the helpers in this folder (imported by ./api-client.js).
export const JSON_PARAMS = {
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  tags: { client: 'api-client' },
};
