// OffsetMap: the sparse map every rewriting stage records into.
#include <gtest/gtest.h>

#include "util/hash.h"
#include "util/offset_map.h"

namespace copydesk::detail {
namespace {

TEST(OffsetMap, CopiesMergeIntoOneSegment) {
  OffsetMap m;
  m.copy(0, 5);
  m.copy(5, 5);
  m.finish(10);
  EXPECT_EQ(m.segment_count(), 1u);
  EXPECT_EQ(m.to_in_start(3), 3u);
  EXPECT_EQ(m.to_in_end(10), 10u);
}

TEST(OffsetMap, ReplacementsMapAsAWhole) {
  // "a&amp;b" -> "a&b"
  OffsetMap m;
  m.copy(0, 1);
  m.replace(1, 5, 1);
  m.copy(6, 1);
  m.finish(7);
  EXPECT_EQ(m.to_in_start(1), 1u);
  EXPECT_EQ(m.to_in_end(2), 6u);
  EXPECT_EQ(m.to_in_start(2), 6u);
  EXPECT_EQ(m.to_in_end(3), 7u);
}

TEST(OffsetMap, AttachedDropsWidenTheEndDetachedDoNot) {
  // "ab" + mark(2 bytes) + ZWNJ(3 bytes) + "c" -> "abc"
  OffsetMap m;
  m.copy(0, 2);
  m.drop(2, 2, /*attached=*/true);
  m.drop(4, 3, /*attached=*/false);
  m.copy(7, 1);
  m.finish(8);
  EXPECT_EQ(m.to_in_end(2), 4u);    // "ab" keeps its mark, not the ZWNJ
  EXPECT_EQ(m.to_in_start(2), 7u);  // "c"
  EXPECT_EQ(m.to_in_end(1), 1u);    // inside a copy run: no widening
  EXPECT_EQ(m.to_in_start(3), 8u);  // the end
}

TEST(OffsetMap, InsertionsHaveNoInputBytes) {
  OffsetMap m;
  m.copy(0, 3);
  m.insert(3, 2);  // "\n\n" for a block tag
  m.copy(10, 3);
  m.finish(13);
  EXPECT_EQ(m.to_in_start(3), 3u);
  EXPECT_EQ(m.to_in_end(5), 3u);
  EXPECT_EQ(m.to_in_start(5), 10u);
}

TEST(StableHash, IsFnv1aAndChains) {
  EXPECT_EQ(stable_hash(""), 14695981039346656037ull);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(stable_hash("b", stable_hash("a")), stable_hash("ab"));
  EXPECT_NE(stable_hash("sentence one"), stable_hash("sentence two"));
}

}  // namespace
}  // namespace copydesk::detail
