// Candidate identity: a candidate is a person, deduplicated by e-mail and phone, and two records of
// the same person can be merged. Pure functions over candidate JSON records (no database); the
// store decides which records to compare (index MatchKeys::Strings()) and applies the merge.
// Rules and examples: docs/screening.md, "Candidate identity".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace recruit {

// Trimmed, NFKC ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ" -> "zhang@example.com"), lower-cased, "mailto:" and
// "<...>" removed. nullopt unless it looks like local@domain.tld. Plus-addressing and dots are kept
// as written ("wei+jobs@example.com" != "wei@example.com"): not every provider delivers them to
// one mailbox, and merging two people is worse than missing one duplicate.
std::optional<std::string> NormalizeEmail(std::string_view email);

// A phone number as a dedupe key. Chinese mainland mobiles (11 digits starting with 1) become
// their 11 digits, whatever the prefix and punctuation: "+86 138 0013 8000", "0086-13800138000",
// "86 13800138000", "(+86)13800138000", "138-0013-8000" -> "13800138000". Other numbers written
// with an international prefix ("+44 20 7946 0958", "0044 20 ...") become "+" and digits; the
// rest digits only ("010-6512 3456" -> "01065123456"). Extensions ("ext. 12", "转12") are dropped.
// nullopt for fewer than 6 or more than 15 digits.
std::optional<std::string> NormalizePhoneNumber(std::string_view phone);

struct MatchKeys {
  std::vector<std::string> emails;  // normalised, sorted, unique
  std::vector<std::string> phones;  // normalised, sorted, unique

  bool empty() const { return emails.empty() && phones.empty(); }
  // "email:zhang@example.com", "phone:13800138000": the strings to index for dedupe.
  std::vector<std::string> Strings() const;
  // The keys both have (as Strings()); non-empty means "the same person".
  std::vector<std::string> SharedWith(const MatchKeys& other) const;
};

// Keys of a candidate record: "email", "emails[]", "phone", "phones[]" at the top level and in
// "basics" and "resume.basics" (a JSON Resume). Values that do not normalise are skipped.
MatchKeys MatchKeysOf(const nlohmann::json& candidate);

struct FieldDecision {
  std::string field;  // JSON Pointer of the field ("/resume/basics/name")
  // "same", "only_a", "only_b" (the other side was empty), "union" (lists), "newer" (conflict,
  // the newer record's value kept), "earliest" (id, created_at), "latest" (updated_at).
  std::string action;
  std::string kept_from;  // "a", "b" or "both"
};

struct FieldConflict {
  std::string field;  // JSON Pointer
  nlohmann::json kept, discarded;
  std::string kept_from;  // "a" or "b": the newer record
};

struct CandidateMerge {
  nlohmann::json merged;                 // the record to keep
  std::vector<std::string> shared_keys;  // as MatchKeys::Strings(); empty: nothing says same person
  std::string newer;                     // "a" or "b" (updated_at, else created_at; ties: "a")
  std::vector<FieldDecision> decisions;  // one per leaf field or list, in field order
  std::vector<FieldConflict> conflicts;  // for a person to confirm before the merge is applied
};

// Plans the merge of two candidate records field by field: a non-empty value wins over an empty
// one; lists are unioned (newer record's items first, exact duplicates and same e-mail/phone
// dropped); for two different values the newer record's wins and a conflict is reported; "id" and
// "created_at" keep the earliest record's, "updated_at" the latest. Objects merge recursively.
// kInvalid (field "a" or "b") when a record is not a JSON object. Does not check that they are
// the same person: `shared_keys` says whether they are.
core::Result<CandidateMerge> MergePlan(const nlohmann::json& a, const nlohmann::json& b);

// {"merged", "shared_keys", "newer", "decisions": [{field, action, kept_from}],
//  "conflicts": [{field, kept, discarded, kept_from}]}
nlohmann::json CandidateMergeToJson(const CandidateMerge& merge);

}  // namespace recruit
