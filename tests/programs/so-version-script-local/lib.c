int vs_value = 12;
int vs_helper(int x) { return x + 1000; }
int vs_internal_data = 5;
int vs_public(int x) { return vs_helper(x) + vs_internal_data + vs_value; }
