/* ALL_FUNCTIONS(X) expands X(n) for n in [1000, 3000), ALL_VARIABLES(X) for n in [3000, 3500). */
#define R10(X, b) X(b##0) X(b##1) X(b##2) X(b##3) X(b##4) X(b##5) X(b##6) X(b##7) X(b##8) X(b##9)
#define R100(X, b) R10(X, b##0) R10(X, b##1) R10(X, b##2) R10(X, b##3) R10(X, b##4) R10(X, b##5) R10(X, b##6) \
  R10(X, b##7) R10(X, b##8) R10(X, b##9)
#define R1000(X, b) R100(X, b##0) R100(X, b##1) R100(X, b##2) R100(X, b##3) R100(X, b##4) R100(X, b##5) \
  R100(X, b##6) R100(X, b##7) R100(X, b##8) R100(X, b##9)
#define ALL_FUNCTIONS(X) R1000(X, 1) R1000(X, 2)
#define ALL_VARIABLES(X) R100(X, 30) R100(X, 31) R100(X, 32) R100(X, 33) R100(X, 34)
