int sign_of(const char **s)
{
    if (**s == '-') { ++*s; return -1; }
    if (**s == '+') ++*s;
    return 1;
}
