int digit_value(char c);
int sign_of(const char **s);

int parse_number(const char *s)
{
    int sign = sign_of(&s), v = 0;
    while (*s) v = v * 10 + digit_value(*s++);
    return sign * v;
}
