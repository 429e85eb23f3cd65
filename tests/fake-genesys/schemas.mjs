// Request body models (field lists from the JS SDK index.d.ts) and a strict validator:
// unknown fields, wrong JSON types, bad enum values and missing required fields -> 400 bad.request
// with details [{fieldName, errorCode: "invalid.value"}].
import { badRequest, invalidField, missingField } from './errors.mjs';

const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const en = (...values) => ({ type: 'string', enum: values });
const req = (spec) => ({ ...spec, required: true });

export const TRANSFER_TYPE = en('Attended', 'Unattended');
export const PHONE_TYPE = en('WorkPhone', 'CellPhone', 'HomePhone', 'OtherPhone');
export const SPEAK_TO = en('DESTINATION', 'OBJECT', 'BOTH', 'CONFERENCE');
export const CALL_STATES = ['alerting', 'dialing', 'contacting', 'offering', 'connected', 'disconnected',
  'terminated', 'converting', 'uploading', 'transmitting', 'parked', 'none'];

const Destination = { address: str, name: str, userId: str, queueId: str };

export const CreateCallRequest = {
  phoneNumber: str, callerId: str, callerIdName: str, callFromQueueId: str, callQueueId: str,
  callUserId: str, priority: int, attributes: { type: 'map<string>' }, languageId: str,
  routingSkillsIds: { type: 'array', items: str }, routingSkillExpression: str,
  conversationIds: { type: 'array', items: str },
  participants: { type: 'array', items: { type: 'object', fields: Destination } },
  uuiData: str, externalContactId: str, label: str,
};

const transferBase = { transferType: TRANSFER_TYPE, keepInternalMessageAlive: bool };
export const TransferToQueueRequest = { ...transferBase, queueId: str, queueName: str };
export const TransferToAgentRequest = { ...transferBase, userId: str, userName: str, userDisplayName: str, voicemail: bool };
export const TransferToExternalContactRequest = { ...transferBase, contactId: req(str), phoneType: req(PHONE_TYPE) };
export const TransferToAddressRequest = { ...transferBase, address: req(str) };
export const TransferRequest = { ...transferBase, userId: str, address: str, userName: str, queueId: str, voicemail: bool };

export const MediaParticipantRequest = {
  state: en(...CALL_STATES), held: bool, muted: bool, confined: bool, recording: bool,
  wrapup: { type: 'object', fields: null }, wrapupSkipped: bool, resumeTime: str,
};

const consultBase = { speakTo: req(SPEAK_TO), consultingUserId: str };
export const ConsultTransferToQueue = { ...consultBase, queueId: str, queueName: str };
export const ConsultTransferToAgent = { ...consultBase, userId: str, userDisplayName: str };
export const ConsultTransferToExternalContact = { ...consultBase, contactId: req(str), phoneType: req(PHONE_TYPE) };
export const ConsultTransferToAddress = { ...consultBase, address: req(str) };
export const ConsultTransferUpdate = { ...consultBase };

function typeOk(spec, v) {
  switch (spec.type) {
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'integer': return Number.isInteger(v);
    case 'map<string>': return isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string');
    case 'array': return Array.isArray(v);
    case 'object': return isPlainObject(v);
    default: return false;
  }
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkValue(spec, v, path) {
  if (v === null) return; // JSON null is treated as "absent", as Jackson does
  if (!typeOk(spec, v)) throw invalidField(path, `Invalid value for field '${path}': expected ${spec.type}.`);
  if (spec.enum && !spec.enum.includes(v)) {
    throw invalidField(path, `Invalid value '${v}' for field '${path}'. Allowed values: ${spec.enum.join(', ')}.`);
  }
  if (spec.type === 'array') v.forEach((item, i) => checkValue(spec.items, item, `${path}[${i}]`));
  if (spec.type === 'object' && spec.fields) checkFields(spec.fields, v, `${path}.`);
}

function checkFields(fields, body, prefix) {
  for (const key of Object.keys(body)) {
    if (!Object.hasOwn(fields, key)) {
      throw invalidField(prefix + key, `Unrecognized field '${prefix + key}'.`);
    }
    checkValue(fields[key], body[key], prefix + key);
  }
  for (const [key, spec] of Object.entries(fields)) {
    if (spec.required && (body[key] === undefined || body[key] === null)) throw missingField(prefix + key);
  }
}

/**
 * Validates a parsed JSON body against a model. `body === undefined` means no body was sent;
 * it is treated as {} (so required fields still fail).
 */
export function validate(model, body) {
  const value = body === undefined ? {} : body;
  if (!isPlainObject(value)) throw badRequest('The request body must be a JSON object.');
  checkFields(model, value, '');
  return value;
}
