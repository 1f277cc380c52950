#include "auth/auth.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "auth/crypto.h"

namespace {

using namespace std::chrono_literals;

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("hf-auth-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::move(*store::Open("sqlite:" + (dir_ / "t.db").string()));
    ASSERT_TRUE(store::Migrate(*db_).ok());
    auto tx = std::move(*db_->Begin());
    auto u = auth::CreateUser(*tx, {"alice", "Correct-Horse-9", "Alice", auth::Role::kHr, {}, {}}, clock_);
    ASSERT_TRUE(u.ok()) << u.error().message;
    ASSERT_TRUE(tx->Commit().ok());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Db> db_;
  core::FixedClock clock_{core::Instant(std::chrono::milliseconds(1'790'000'000'000))};
};

TEST(Crypto, Argon2idHashVerifiesOnlyTheRightPassword) {
  auto h = auth::HashPassword("s3cret-Password");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(auth::VerifyPassword(*h, "s3cret-Password"));
  EXPECT_FALSE(auth::VerifyPassword(*h, "s3cret-passworD"));
}

TEST(Crypto, PasswordPolicyNamesTheField) {
  auto s = auth::CheckPasswordPolicy("short", "new_password");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "new_password");
  EXPECT_FALSE(auth::CheckPasswordPolicy("aaaaaaaaaaaa").ok());
  EXPECT_TRUE(auth::CheckPasswordPolicy("abcdefghij1").ok());
}

TEST(Crypto, FieldCipherRoundTripsAndDetectsTampering) {
  std::array<unsigned char, 32> key{};
  key[0] = 7;
  auth::FieldCipher c(key);
  std::string ct = c.Encrypt("110101199003077777");
  EXPECT_EQ(ct.find("110101"), std::string::npos);
  EXPECT_EQ(*c.Decrypt(ct), "110101199003077777");
  EXPECT_NE(c.Encrypt("x"), c.Encrypt("x"));  // random nonce
  std::string bad = ct;
  bad[bad.size() - 3] = bad[bad.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(c.Decrypt(bad).ok());
  key[0] = 8;
  EXPECT_FALSE(auth::FieldCipher(key).Decrypt(ct).ok());
}

TEST_F(AuthTest, LoginIssuesSessionThatAuthenticates) {
  auto r = auth::Login(*db_, "alice", "Correct-Horse-9", "127.0.0.1", clock_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto tx = std::move(*db_->Begin(false));
  auto a = auth::AuthenticateSession(*tx, r->session_token, clock_);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->principal.username, "alice");
  EXPECT_EQ(a->principal.role, auth::Role::kHr);
  EXPECT_EQ(a->csrf_token, r->csrf_token);
  EXPECT_FALSE(auth::AuthenticateSession(*tx, "forged", clock_).ok());
}

TEST_F(AuthTest, SessionExpires) {
  auto r = auth::Login(*db_, "alice", "Correct-Horse-9", "127.0.0.1", clock_);
  ASSERT_TRUE(r.ok());
  clock_.Advance(13h);
  auto tx = std::move(*db_->Begin(false));
  auto a = auth::AuthenticateSession(*tx, r->session_token, clock_);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, core::ErrorCode::kUnauthenticated);
}

TEST_F(AuthTest, FiveFailuresThrottleEvenTheRightPassword) {
  for (int i = 0; i < 5; ++i) {
    auto r = auth::Login(*db_, "alice", "wrong-password-1", "127.0.0.1", clock_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
  }
  auto r = auth::Login(*db_, "alice", "Correct-Horse-9", "127.0.0.1", clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kRateLimited);
  clock_.Advance(16min);  // the window passes
  EXPECT_TRUE(auth::Login(*db_, "alice", "Correct-Horse-9", "127.0.0.1", clock_).ok());
}

TEST_F(AuthTest, ApiTokenAuthenticatesUntilRevoked) {
  auto tx = std::move(*db_->Begin());
  auto u = auth::GetUserByName(*tx, "alice");
  auto t = auth::CreateApiToken(*tx, u->id, "ci", clock_);
  ASSERT_TRUE(t.ok());
  auto a = auth::AuthenticateToken(*tx, *t->token, clock_);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->principal.via_token);
  ASSERT_TRUE(auth::RevokeApiToken(*tx, u->id, t->id, clock_).ok());
  EXPECT_FALSE(auth::AuthenticateToken(*tx, *t->token, clock_).ok());
}

TEST_F(AuthTest, StaleVersionIsAConflict) {
  auto tx = std::move(*db_->Begin());
  auto u = auth::GetUserByName(*tx, "alice");
  auth::UserPatch p;
  p.display_name = "Alice B";
  ASSERT_TRUE(auth::UpdateUser(*tx, u->id, u->version, p, clock_).ok());
  auto stale = auth::UpdateUser(*tx, u->id, u->version, p, clock_);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().slug, "version_conflict");
}

TEST_F(AuthTest, DuplicateUsernameIsConflictOnUsername) {
  auto tx = std::move(*db_->Begin());
  auto r = auth::CreateUser(*tx, {"alice", "Another-Pass-1", "", auth::Role::kEmployee, {}, {}}, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(r.error().field, "username");
}

TEST_F(AuthTest, AuditChainVerifiesAndDetectsTampering) {
  auto tx = std::move(*db_->Begin());
  auth::Principal p{1, "alice", auth::Role::kHr, {}, {}, false};
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(auth::AppendAudit(*tx, &p, {"update", "department", std::to_string(i), {{"name", "a"}}, {{"name", "b"}}},
                                  "req", clock_).ok());
  auto v = auth::VerifyAuditChain(*tx);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->checked, 3);
  ASSERT_TRUE(tx->Exec("UPDATE audit_log SET after_json = '{\"name\":\"evil\"}' WHERE entity_id = '1'").ok());
  auto v2 = auth::VerifyAuditChain(*tx);
  EXPECT_FALSE(v2->ok);
  ASSERT_TRUE(v2->first_bad_id.has_value());
}

}  // namespace
