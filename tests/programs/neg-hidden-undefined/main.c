/* provided_elsewhere is declared hidden, so it must be defined in this link; the shared library's definition
   cannot satisfy it (ld.so never binds a hidden reference). GNU ld: "hidden symbol `provided_elsewhere' isn't defined". */
extern int provided_elsewhere(void) __attribute__((visibility("hidden")));

int main(void)
{
    return provided_elsewhere();
}
