extern "C" {
int calc_add(int a, int b) { return a + b; }
int calc_sub(int a, int b) { return a - b; }
int geta(void) { return 1; }
int getab(void) { return 2; }     /* ? matches one character: local */
int seta(void) { return 3; }
int setc(void) { return 4; }      /* not in [ab]: local */
int tmp_keep(void) { return 5; }  /* exact global beats the tmp_* local */
int tmp_drop(void) { return 6; }
int other(void) { return 7; }
}
namespace shapes { int area(int s) { return s * s; } int perimeter(int s) { return 4 * s; } }
namespace geometry { int volume(int s) { return s * s * s; } }
