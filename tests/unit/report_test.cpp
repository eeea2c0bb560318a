// The report stage: message templates.
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
  // A fallback for a field the line lacks, and for a pattern's match (no entry).
  EXPECT_EQ(fill_message("of {meta.org|a designated group} ({meta.ref|no ref})", "x", &e), "of a designated group (QDe.115)");
  EXPECT_EQ(fill_message("of {meta.org|a designated group}", "x", nullptr), "of a designated group");
  EXPECT_EQ(fill_message("unclosed {match", "x", nullptr), "unclosed {match");
}

}  // namespace
}  // namespace copydesk::detail
