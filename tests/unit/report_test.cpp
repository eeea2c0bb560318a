// The report stage: messages and the stable hash.
#include <gtest/gtest.h>

#include "report/report.h"

namespace copydesk::detail {
namespace {

TEST(Report, MessagePlaceholders) {
  TermEntry e;
  e.written = "داعش";
  e.meta = {{"ref", "QDe.115"}, {"listed", "2004-10-18"}};
  EXPECT_EQ(fill_message("Names {match} ({term}, {meta.ref}, {meta.listed}){meta.none}", "وداعش", &e),
            "Names وداعش (داعش, QDe.115, 2004-10-18)");
  EXPECT_EQ(fill_message("{term} only", "x", nullptr), "x only");
  EXPECT_EQ(fill_message("unclosed {match", "x", nullptr), "unclosed {match");
}

TEST(Report, StableHashIsFnv1a) {
  EXPECT_EQ(stable_hash(""), 14695981039346656037ull);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_NE(stable_hash("sentence one"), stable_hash("sentence two"));
}

}  // namespace
}  // namespace copydesk::detail
