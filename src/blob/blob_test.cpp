#include "blob/blob.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

std::string TempDir() {
  auto d = std::filesystem::temp_directory_path() / ("blob_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(d);
  return d.string();
}

TEST(BlobStore, PutBytesThenReadReturnsTheSameBytes) {
  blob::Store s(TempDir());
  std::string bytes("a\0b\xff", 4);
  auto key = s.PutBytes(bytes);
  ASSERT_TRUE(key.ok());
  auto back = s.Read(*key);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
}

TEST(BlobStore, PutFileMovesTheUploadAndSameBytesGetDistinctKeys) {
  std::string root = TempDir();
  blob::Store s(root);
  std::string up = root + "/upload.tmp";
  std::ofstream(up) << "resume";
  auto k1 = s.PutFile(up);
  ASSERT_TRUE(k1.ok());
  EXPECT_FALSE(std::filesystem::exists(up));
  auto k2 = s.PutBytes("resume");
  ASSERT_TRUE(k2.ok());
  EXPECT_NE(*k1, *k2);
  ASSERT_TRUE(s.Remove(*k1).ok());
  EXPECT_FALSE(s.Read(*k1).ok());
  EXPECT_EQ(*s.Read(*k2), "resume");  // removing one owner's copy leaves the other
}

TEST(BlobStore, MalformedKeysNeverEscapeTheRoot) {
  blob::Store s(TempDir());
  EXPECT_FALSE(s.PathOf("../../etc/passwd").ok());
  EXPECT_FALSE(s.Read("..%2f..").ok());
  EXPECT_EQ(s.Read("../../etc/passwd").error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(s.Remove("abcdefgh1234").ok());  // idempotent on a missing key
}

}  // namespace
