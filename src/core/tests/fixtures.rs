//! Realistic `GET /api/v2/conversations/{id}` bodies (the `Conversation`
//! model: flat `userId`/`queueId`, states inside `calls[]`), trimmed of the
//! empty media arrays Genesys also sends, plus the ids they use.

pub const ME: &str = "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
pub const OTHER_AGENT: &str = "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f";
pub const QUEUE: &str = "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b";
pub const CONV: &str = "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50";

pub const P_CUSTOMER: &str = "a1000000-0000-4000-8000-000000000001";
pub const P_IVR: &str = "a1000000-0000-4000-8000-000000000002";
pub const P_ACD: &str = "a1000000-0000-4000-8000-000000000003";
pub const P_AGENT: &str = "a1000000-0000-4000-8000-000000000004";
pub const P_VOICEMAIL: &str = "a1000000-0000-4000-8000-000000000005";
pub const P_EXTERNAL: &str = "a1000000-0000-4000-8000-000000000006";

/// Inbound ACD call: IVR and ACD legs ended (transfer), the agent (ME) answered.
pub const INBOUND_ANSWERED: &str = r#"{
  "id": "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50",
  "startTime": "2025-03-04T15:01:12.345Z",
  "address": "tel:+18005550199",
  "participants": [
    { "id": "a1000000-0000-4000-8000-000000000001", "startTime": "2025-03-04T15:01:12.345Z",
      "name": "Mobile Number, Indiana", "purpose": "customer", "participantType": "External",
      "address": "tel:+13175550100", "ani": "tel:+13175550100", "dnis": "tel:+18005550199",
      "wrapupRequired": false, "attributes": {},
      "calls": [ { "state": "connected", "initialState": "offering", "id": "b2000000-0000-4000-8000-000000000001",
        "direction": "inbound", "recording": false, "recordingState": "none", "muted": false, "confined": false,
        "held": false, "securePause": false, "provider": "Edge", "peerId": "b2000000-0000-4000-8000-000000000004",
        "self": { "nameRaw": "Mobile Number, Indiana", "addressNormalized": "tel:+13175550100" },
        "other": { "addressNormalized": "tel:+18005550199" },
        "connectedTime": "2025-03-04T15:01:12.901Z", "afterCallWorkRequired": false } ] },
    { "id": "a1000000-0000-4000-8000-000000000002", "name": "Main IVR", "purpose": "ivr",
      "participantType": "IVR", "address": "tel:+18005550199", "wrapupRequired": false,
      "calls": [ { "state": "disconnected", "initialState": "connected", "direction": "inbound",
        "disconnectType": "transfer", "provider": "Edge",
        "connectedTime": "2025-03-04T15:01:12.901Z", "disconnectedTime": "2025-03-04T15:01:40.112Z" } ] },
    { "id": "a1000000-0000-4000-8000-000000000003", "name": "Support Tier 2", "purpose": "acd",
      "participantType": "Acd", "queueId": "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b", "queueName": "Support Tier 2",
      "wrapupRequired": false,
      "calls": [ { "state": "disconnected", "initialState": "offering", "direction": "inbound",
        "disconnectType": "transfer", "provider": "Edge",
        "connectedTime": "2025-03-04T15:01:40.200Z", "disconnectedTime": "2025-03-04T15:02:05.870Z" } ] },
    { "id": "a1000000-0000-4000-8000-000000000004", "name": "Dana Agent", "purpose": "agent",
      "participantType": "Internal", "userId": "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      "queueId": "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b", "queueName": "Support Tier 2",
      "wrapupRequired": true, "alertingTimeoutMs": 8000,
      "calls": [ { "state": "connected", "initialState": "alerting", "id": "b2000000-0000-4000-8000-000000000004",
        "direction": "inbound", "provider": "Edge", "peerId": "b2000000-0000-4000-8000-000000000001",
        "connectedTime": "2025-03-04T15:02:05.870Z" } ] }
  ]
}"#;

/// Outbound call placed by ME (`user` purpose, no queue); ME's leg has an
/// earlier disconnected call and the current connected one.
pub const OUTBOUND_USER: &str = r#"{
  "id": "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50",
  "startTime": "2025-03-04T16:10:00.000Z",
  "participants": [
    { "id": "a1000000-0000-4000-8000-000000000004", "name": "Dana Agent", "purpose": "user",
      "participantType": "Internal", "userId": "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      "address": "sip:dana@example.mypurecloud.com", "wrapupRequired": false,
      "calls": [
        { "state": "disconnected", "initialState": "dialing", "direction": "outbound",
          "disconnectType": "endpoint", "provider": "Edge", "disconnectedTime": "2025-03-04T16:10:03.000Z" },
        { "state": "connected", "initialState": "dialing", "direction": "outbound", "provider": "Edge",
          "connectedTime": "2025-03-04T16:10:09.500Z" } ] },
    { "id": "a1000000-0000-4000-8000-000000000006", "name": "+1 317-555-0100", "purpose": "external",
      "participantType": "External", "address": "tel:+13175550100",
      "calls": [ { "state": "connected", "initialState": "contacting", "direction": "outbound",
        "provider": "Edge", "connectedTime": "2025-03-04T16:10:09.500Z" } ] }
  ]
}"#;

/// A call waiting in queue: the ACD leg is connected, another agent is alerting.
pub const WAITING_IN_QUEUE: &str = r#"{
  "id": "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50",
  "participants": [
    { "id": "a1000000-0000-4000-8000-000000000001", "purpose": "customer", "participantType": "External",
      "address": "tel:+13175550100",
      "calls": [ { "state": "connected", "direction": "inbound", "provider": "Edge" } ] },
    { "id": "a1000000-0000-4000-8000-000000000002", "purpose": "ivr", "participantType": "IVR",
      "calls": [ { "state": "disconnected", "direction": "inbound", "disconnectType": "transfer" } ] },
    { "id": "a1000000-0000-4000-8000-000000000003", "purpose": "acd", "participantType": "Acd",
      "queueId": "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b", "queueName": "Support Tier 2",
      "calls": [ { "state": "connected", "direction": "inbound", "provider": "Edge" } ] },
    { "id": "a1000000-0000-4000-8000-000000000004", "purpose": "agent", "participantType": "Internal",
      "userId": "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f", "queueId": "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b",
      "alertingTimeoutMs": 8000,
      "calls": [ { "state": "alerting", "initialState": "alerting", "direction": "inbound", "provider": "Edge" } ] }
  ]
}"#;

/// ME did not answer: ME's agent leg ended and the call rolled to ME's
/// voicemail, which is connected with ME's `userId`.
pub const TO_VOICEMAIL: &str = r#"{
  "id": "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50",
  "participants": [
    { "id": "a1000000-0000-4000-8000-000000000001", "purpose": "customer", "participantType": "External",
      "calls": [ { "state": "connected", "direction": "inbound" } ] },
    { "id": "a1000000-0000-4000-8000-000000000004", "purpose": "agent", "participantType": "Internal",
      "userId": "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      "calls": [ { "state": "disconnected", "direction": "inbound", "disconnectType": "transfer.noanswer" } ] },
    { "id": "a1000000-0000-4000-8000-000000000005", "purpose": "voicemail", "participantType": "Internal",
      "userId": "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      "calls": [ { "state": "connected", "direction": "inbound", "provider": "Edge" } ] }
  ]
}"#;

/// ME's agent leg ended (not answered) and the call went back to waiting in queue.
pub const REQUEUED: &str = r#"{
  "id": "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50",
  "participants": [
    { "id": "a1000000-0000-4000-8000-000000000001", "purpose": "customer",
      "calls": [ { "state": "connected", "direction": "inbound" } ] },
    { "id": "a1000000-0000-4000-8000-000000000003", "purpose": "acd",
      "queueId": "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b",
      "calls": [ { "state": "connected", "direction": "inbound" } ] },
    { "id": "a1000000-0000-4000-8000-000000000004", "purpose": "agent",
      "userId": "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      "calls": [ { "state": "disconnected", "direction": "inbound", "disconnectType": "endpoint" } ] }
  ]
}"#;
