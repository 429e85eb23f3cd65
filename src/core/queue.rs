//! Queues by name: `GET /api/v2/routing/queues?name=…` and picking one.

use super::error::{Candidate, Error, Kind};
use super::http::Request;
use super::input::check_text;
use alloc::string::String;
use alloc::vec::Vec;
use super::json::Json;

/// Page size for lookups: enough to list every candidate of a name.
pub const PAGE_SIZE: u32 = 100;

/// The lookup request. `name` may carry a leading and/or trailing `*`.
pub fn queues_request(name: &str, field: &str) -> Result<Request, Error> {
    check_text(name).map_err(|p| Error::invalid(field, p))?;
    let mut r = Request::get(String::from("/api/v2/routing/queues"));
    r.query.push(("name", name.trim().into()));
    r.query.push(("pageSize", super::text::num(PAGE_SIZE as u64)));
    Ok(r)
}

/// The queues of a `QueueEntityListing`, as (id, name) and as sent.
pub fn read_queues(body: &str) -> Result<(Vec<Candidate>, Json), Error> {
    let bad = || Error::new(Kind::UnexpectedResponse, "the queue listing is not a QueueEntityListing");
    let mut v = Json::parse(body).ok_or_else(bad)?;
    let entities = v.get("entities").and_then(Json::as_array).ok_or_else(bad)?;
    let mut typed = Vec::with_capacity(entities.len());
    for e in entities {
        let id = e.get("id").and_then(Json::as_str).filter(|s| super::id::is_uuid(s)).ok_or_else(bad)?;
        let name = e.get("name").and_then(Json::as_str).unwrap_or("");
        typed.push(Candidate { id: id.into(), name: name.into() });
    }
    // Move the entities out rather than copy them.
    let entities = match &mut v {
        Json::Obj(pairs) => pairs.iter_mut().rev().find(|(k, _)| k == "entities").map(|(_, e)| core::mem::replace(e, Json::Null)),
        _ => None,
    };
    Ok((typed, entities.unwrap_or(Json::Arr(Vec::new()))))
}

/// The one queue `name` means. Without wildcards a case-sensitive exact match
/// wins over case variants; no match is `not_found`; several are `ambiguous`
/// with every candidate listed.
pub fn pick_queue(name: &str, found: Vec<Candidate>) -> Result<String, Error> {
    let name = name.trim();
    let wildcard = name.starts_with('*') || name.ends_with('*');
    let mut matches: Vec<Candidate> = if wildcard {
        found
    } else {
        let exact: Vec<Candidate> = found.iter().filter(|q| q.name == name).cloned().collect();
        if exact.is_empty() { found.into_iter().filter(|q| q.name.eq_ignore_ascii_case(name)).collect() } else { exact }
    };
    match matches.len() {
        0 => Err(Error::new(Kind::NotFound, super::text::cat(&["no queue is named \"", name, "\""])).with_code(Some("queue.not.found".into()))),
        1 => Ok(matches.remove(0).id),
        n => {
            let mut names = String::new();
            for (i, q) in matches.iter().enumerate() {
                if i > 0 {
                    names.push_str(", ");
                }
                names.push_str(&super::text::cat(&["\"", &q.name, "\" (", &q.id, ")"]));
            }
            Err(Error::new(Kind::Ambiguous, super::text::cat(&[&super::text::num(n as u64), " queues match \"", name, "\": ", &names, "; pass to.queueId"])).with_candidates(matches))
        }
    }
}
