// The 18 Genesys Cloud regions: [region id, domain]. The API host is https://api.<domain>, the
// login host https://login.<domain> (genesys-api.md §9) and the notification socket's host
// wss://streaming.<domain>. Also read by scripts/serve.mjs for the CSP.
export const REGIONS = Object.freeze([
  ['us-east-1', 'mypurecloud.com'],
  ['us-east-2', 'use2.us-gov-pure.cloud'],
  ['us-west-2', 'usw2.pure.cloud'],
  ['ca-central-1', 'cac1.pure.cloud'],
  ['mx-central-1', 'mxc1.pure.cloud'],
  ['sa-east-1', 'sae1.pure.cloud'],
  ['eu-west-1', 'mypurecloud.ie'],
  ['eu-west-2', 'euw2.pure.cloud'],
  ['eu-central-1', 'mypurecloud.de'],
  ['eu-central-2', 'euc2.pure.cloud'],
  ['eusc-de-east-1', 'edee1.eusc-pure.cloud'],
  ['me-central-1', 'mec1.pure.cloud'],
  ['ap-south-1', 'aps1.pure.cloud'],
  ['ap-southeast-1', 'apse1.pure.cloud'],
  ['ap-southeast-2', 'mypurecloud.com.au'],
  ['ap-northeast-1', 'mypurecloud.jp'],
  ['ap-northeast-2', 'apne2.pure.cloud'],
  ['ap-northeast-3', 'apne3.pure.cloud'],
]);

export const DOMAINS = Object.freeze(REGIONS.map(([, domain]) => domain));

export const loginBaseOf = (domain) => `https://login.${domain}`;
export const apiBaseOf = (domain) => `https://api.${domain}`;
export const streamingOriginOf = (domain) => `wss://streaming.${domain}`;
