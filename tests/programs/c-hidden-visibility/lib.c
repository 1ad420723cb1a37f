__attribute__((visibility("hidden"))) int hidden_var = 41;
__attribute__((visibility("internal"))) int internal_var = 7;
__attribute__((visibility("hidden"))) int hidden_fn(int x) { return x * hidden_var; }
__attribute__((visibility("protected"))) int protected_fn(int x) { return x + internal_var; }
