#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ticket.hpp"

/// What an incoming message means for the store, decided on values alone:
/// which ticket it answers, whether it was seen before, whether it is a
/// rating (tier-ingest(1)). formats/mail_in.cpp reads the message;
/// cli/cmd_ingest.cpp acts on what these say.
namespace tier {

/// The ticket a Message-ID the desk sent names: "T-7k2m9qxa" for
/// "T-7k2m9qxa@DOMAIN" or "T-7k2m9qxa.<anything>@DOMAIN" (message_id()),
/// DOMAIN the desk's (notify_domain()), compared without case. Empty for
/// any other id. The id is given without angle brackets.
std::string desk_message_ticket(std::string_view message_id, std::string_view prefix, std::string_view domain);

/// 64-bit FNV-1a of the bytes, and the same as 16 lower-case hex digits:
/// names derived from text (a mail's ticket id, an answer's Message-ID, a
/// file per address), stable across runs and machines.
std::uint64_t fnv1a64(std::string_view bytes);
std::string fnv1a64_hex(std::string_view bytes);

/// The id of the ticket a requester's mail makes: derived from its
/// Message-ID (64-bit FNV-1a, as make_id() takes it), so that the same
/// message always names the same ticket and a reply that refers to it
/// finds it without an index.
std::string mail_ticket_id(std::string_view prefix, std::string_view message_id);

/// Whether the ticket records a message with this Message-ID (an entry made
/// from it, void or not).
bool records_message(const Ticket& t, std::string_view message_id);

/// The tickets a message may answer, most likely first, without repeats:
/// for each id of In-Reply-To then References (`refs`, in that order),
/// the ticket of a desk id, then the ticket a received mail would have
/// made (mail_ticket_id(), to be confirmed with records_message()); last,
/// the subject's tag (`subject_ticket`, may be empty). Each candidate says
/// whether it must record the id it came from.
struct ThreadCandidate {
  std::string ticket;
  std::string received;  ///< the Message-ID the ticket must record; empty for a desk id or the tag
};
std::vector<ThreadCandidate> thread_candidates(const std::vector<std::string>& refs, std::string_view subject_ticket,
                                               std::string_view prefix, std::string_view domain);

/// The rating in a requester's reply to a resolved ticket: a number from 1
/// to 5 alone on the reply's only line ("4", "5/5", "5 - thanks!"), or,
/// with no text, in the subject after "Re:" and the tag. nullopt when the
/// reply is not a rating.
std::optional<int> reply_rating(std::string_view text, std::string_view subject);

/// The line the resolution mail ends with, inviting that rating.
std::string_view rating_invitation();

}  // namespace tier
