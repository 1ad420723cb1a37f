#include "strings.h"

static const char *const shared[] = { L7("shared-") };
static const char *const own[] = { L7("other-only-") };
static const char *const middles[] = { M3("middle-") };
static const char *const shorts[] = { SHORTS("") };

const char *const *other_shared(void) { return shared; }
const char *const *other_own(void) { return own; }
const char *const *other_middles(void) { return middles; }
const char *const *other_shorts(void) { return shorts; }
