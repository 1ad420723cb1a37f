/* Nothing refers to unused_alias, but its --defsym names a symbol no input defines: GNU ld fails
   ("undefined symbol `no_such_symbol' referenced in expression"), so must wild. */
int main(void)
{
    return 0;
}
