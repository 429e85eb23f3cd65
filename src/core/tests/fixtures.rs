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

// ---------------------------------------------------------------- the agent's calls (`.calls` shape)

pub const CONV2: &str = "6b9e7a4f-2d3c-4f8b-8e4a-1c2d3e4f5061";

/// The whole frame of a `v2.users.{ME}.conversations.calls` event
/// (`ConversationCallEventTopicCallConversation`: flat participants, `user`
/// and `queue` as `{id, name}`): an inbound ACD call from the customer, the
/// agent ME's leg in `agent_state`.
pub fn calls_event(agent_state: &str, held: bool, muted: bool) -> String {
    let ended = matches!(agent_state, "disconnected" | "terminated");
    serde_json::json!({
      "topicName": format!("v2.users.{ME}.conversations.calls"),
      "version": "2",
      "eventBody": {
        "id": CONV, "name": "", "otherMediaUris": [], "recordingState": "none", "securePause": false,
        "maxParticipants": 0, "divisions": [{ "division": { "id": "f1e2d3c4-b5a6-4798-8a9b-0c1d2e3f4a5b" }, "entities": [] }],
        "participants": [
          { "id": P_CUSTOMER, "name": "Mobile Number, Indiana", "address": "tel:+13175550100",
            "startTime": "2025-03-04T15:01:12.345Z", "connectedTime": "2025-03-04T15:01:12.901Z",
            "purpose": "customer", "state": if ended { "disconnected" } else { "connected" }, "initialState": "offering",
            "direction": "inbound", "held": false, "wrapupRequired": false, "queue": { "id": QUEUE }, "attributes": {},
            "provider": "Edge", "muted": false, "confined": false, "recording": false, "recordingState": "none",
            "ani": "tel:+13175550100", "dnis": "tel:+18005550199", "mediaRoles": [] },
          { "id": P_ACD, "name": "Support Tier 2", "address": "", "purpose": "acd", "state": "disconnected",
            "initialState": "offering", "direction": "inbound", "disconnectType": "transfer", "held": false,
            "queue": { "id": QUEUE, "name": "Support Tier 2" }, "attributes": {}, "provider": "Edge",
            "endTime": "2025-03-04T15:02:05.870Z" },
          { "id": P_AGENT, "name": "Dana Agent", "address": "sip:64bc2d2f1c5e4c3d9a0b1c2d@localhost", "purpose": "agent",
            "state": agent_state, "initialState": "alerting", "direction": "inbound", "held": held, "muted": muted,
            "confined": false, "recording": false, "wrapupRequired": true, "alertingTimeoutMs": 8000,
            "user": { "id": ME, "name": "Dana Agent" }, "queue": { "id": QUEUE, "name": "Support Tier 2" },
            "attributes": {}, "provider": "Edge", "peer": P_CUSTOMER,
            "conversationRoutingData": { "queue": { "id": QUEUE }, "priority": 0, "skills": [] } }
        ]
      },
      "metadata": { "CorrelationId": "0f9a8b7c-6d5e-4f3a-9b2c-1d0e9f8a7b6c" }
    })
    .to_string()
}

/// `GET /api/v2/conversations/calls` (`CallConversationEntityListing`, whose
/// participants are `CallMediaParticipant`s with `user`/`queue` as
/// `{id, name, selfUri}`): ME on an outbound call to an external number
/// (connected, held), and CONV2 in wrap-up (ME's leg disconnected).
pub const CALLS_LISTING: &str = r#"{
  "entities": [
    { "id": "5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50", "name": "", "recordingState": "none", "maxParticipants": 0,
      "otherMediaUris": [], "securePause": false, "recentTransfers": [],
      "participants": [
        { "id": "a1000000-0000-4000-8000-000000000004", "name": "Dana Agent", "address": "sip:dana@example.mypurecloud.com",
          "startTime": "2025-03-04T16:10:00.000Z", "connectedTime": "2025-03-04T16:10:09.500Z", "purpose": "user",
          "state": "connected", "direction": "outbound", "held": true, "muted": false, "confined": false, "recording": false,
          "recordingState": "none", "wrapupRequired": false, "provider": "Edge", "attributes": {},
          "user": { "id": "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "name": "Dana Agent",
                    "selfUri": "/api/v2/users/7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f" } },
        { "id": "a1000000-0000-4000-8000-000000000006", "name": "+1 317-555-0100", "address": "tel:+13175550100",
          "startTime": "2025-03-04T16:10:00.200Z", "connectedTime": "2025-03-04T16:10:09.500Z", "purpose": "external",
          "state": "connected", "direction": "outbound", "held": false, "muted": false, "provider": "Edge",
          "attributes": {}, "dnis": "tel:+13175550100" }
      ],
      "selfUri": "/api/v2/conversations/calls/5a8d6f3e-1c2b-4e7a-9d3f-0b1c2d3e4f50" },
    { "id": "6b9e7a4f-2d3c-4f8b-8e4a-1c2d3e4f5061", "name": "", "recordingState": "none", "maxParticipants": 0,
      "participants": [
        { "id": "b1000000-0000-4000-8000-000000000001", "name": "Jo Customer", "address": "tel:+13175550177",
          "purpose": "customer", "state": "disconnected", "direction": "inbound", "disconnectType": "peer", "held": false },
        { "id": "b1000000-0000-4000-8000-000000000004", "name": "Dana Agent", "address": "sip:dana@example.mypurecloud.com",
          "purpose": "agent", "state": "disconnected", "direction": "inbound", "disconnectType": "peer", "held": false,
          "muted": false, "wrapupRequired": true,
          "user": { "id": "7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "name": "Dana Agent",
                    "selfUri": "/api/v2/users/7e1b2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
          "queue": { "id": "0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b", "name": "Support Tier 2",
                     "selfUri": "/api/v2/routing/queues/0f1e2d3c-4b5a-4697-8a8b-7c6d5e4f3a2b" } }
      ],
      "selfUri": "/api/v2/conversations/calls/6b9e7a4f-2d3c-4f8b-8e4a-1c2d3e4f5061" }
  ],
  "pageSize": 25, "pageNumber": 1, "total": 2, "pageCount": 1,
  "firstUri": "/api/v2/conversations/calls?pageSize=25&pageNumber=1",
  "selfUri": "/api/v2/conversations/calls?pageSize=25&pageNumber=1",
  "lastUri": "/api/v2/conversations/calls?pageSize=25&pageNumber=1"
}"#;

/// `POST /api/v2/notifications/channels` (values from the official quick-hits).
pub const CHANNEL: &str = r#"{
  "connectUri": "wss://streaming.mypurecloud.com/channels/streaming-2-aa5h48uk0srhpugh2994klj918",
  "id": "streaming-2-aa5h48uk0srhpugh2994klj918",
  "expires": "2021-02-03T17:59:07.650Z"
}"#;

pub const CHANNEL_ID: &str = "streaming-2-aa5h48uk0srhpugh2994klj918";
