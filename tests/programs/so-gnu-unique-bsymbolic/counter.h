// An inline function's static local: one object per program (the ODR), which g++ marks STT_GNU_UNIQUE so that
// even libraries loaded with RTLD_LOCAL share it.
inline int &shared_counter()
{
    static int count = 0;
    return count;
}
