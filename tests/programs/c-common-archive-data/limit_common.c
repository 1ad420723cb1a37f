/* Only another common of `limit`: not a reason to load the member. */
int limit;
int limit_member_loaded(void) { return 1; }
