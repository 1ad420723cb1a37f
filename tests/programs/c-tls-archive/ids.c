extern __thread int id_base;
static __thread int next_id;

int lib_next_id(void)
{
    return id_base + next_id++;
}
