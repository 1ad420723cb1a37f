struct acc { long total; int count; };
int table_calls;

static void add(struct acc *a, int v) { a->total += v; a->count++; }

int table_sum(const int *values, int n)
{
    struct acc a = {0, 0};
    for (int i = 0; i < n; i++)
        add(&a, values[i]);
    table_calls++;
    return (int)a.total;
}
