static const char *const labels[] = {"compressed", "debug", "sections"};

const char *label(int which)
{
    if (which < 0 || which > 2)
        return "?";
    return labels[which];
}
