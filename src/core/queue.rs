//! Queues by name: `GET /api/v2/routing/queues?name=…` and picking one.

use super::error::{Candidate, Error, Kind};
use super::http::{Body, Request};
use super::input::check_text;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;

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

/// The part of a `QueueEntityListing` read.
#[derive(Debug, Deserialize)]
struct QueueEntityListing {
    entities: Vec<QueueEntity>,
}

/// The part of a `Queue` read.
#[derive(Debug, Deserialize)]
struct QueueEntity {
    id: Option<String>,
    name: Option<String>,
}

/// The queues of a `QueueEntityListing` as (id, name). Its `entities` array
/// is what `findQueues` answers: see `plan::Output::Entities`.
pub fn read_queues<B: Body>(body: &B) -> Result<Vec<Candidate>, Error> {
    let bad = || Error::new(Kind::UnexpectedResponse, "the queue listing is not a QueueEntityListing");
    let listing: QueueEntityListing = body.read().ok_or_else(bad)?;
    let mut typed = Vec::with_capacity(listing.entities.len());
    for e in listing.entities {
        let id = e.id.filter(|s| super::id::is_uuid(s)).ok_or_else(bad)?;
        typed.push(Candidate { id, name: e.name.unwrap_or_default() });
    }
    Ok(typed)
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
