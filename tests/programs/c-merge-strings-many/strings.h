/* 4^7 = 16384 distinct literals per table, spelled by the preprocessor so the source stays small: with both
   objects' tables that is more than 64k pieces, so the linker splits them over more than one hash shard. */
#define L1(p) p "a", p "b", p "c", p "d"
#define L2(p) L1(p "e"), L1(p "f"), L1(p "g"), L1(p "h")
#define L3(p) L2(p "i"), L2(p "j"), L2(p "k"), L2(p "l")
#define L4(p) L3(p "m"), L3(p "n"), L3(p "o"), L3(p "p")
#define L5(p) L4(p "q"), L4(p "r"), L4(p "s"), L4(p "t")
#define L6(p) L5(p "u"), L5(p "v"), L5(p "w"), L5(p "x")
#define L7(p) L6(p "y"), L6(p "z"), L6(p "0"), L6(p "1")
#define TABLE 16384

/* Pointers into the middle of literals: the relocation names the string section plus an offset inside a piece. */
#define M1(p) (p "a") + 5, (p "bb") + 6, (p "ccc") + 7, (p "dddd") + 8
#define M2(p) M1(p "e"), M1(p "f"), M1(p "g"), M1(p "h")
#define M3(p) M2(p "i"), M2(p "j"), M2(p "k"), M2(p "l")
#define MIDDLES 64

/* 256 short literals per prefix: 4, 7, 8 and 9 characters, around the 8 bytes a piece is compared in one word. */
#define S1(p) p "a", p "b", p "c", p "d"
#define S2(p) S1(p "e"), S1(p "f"), S1(p "g"), S1(p "h")
#define S3(p) S2(p "i"), S2(p "j"), S2(p "k"), S2(p "l")
#define S4(p) S3(p "m"), S3(p "n"), S3(p "o"), S3(p "p")
#define SHORTS(p) S4(p ""), S4(p "abc"), S4(p "abcd"), S4(p "abcde")
#define SHORT 1024
