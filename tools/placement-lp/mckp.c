// Heaviest configuration: multiple-choice vector knapsack by depth-first branch and bound.
// Classes (services) in the given order; items of a class contiguous, sorted by value descending.
// Bound at class k: cur + sum_{j>=k} max(0, max_g v_g - lam.s_g) + lam.res, for each of L multiplier
// vectors (valid for any lam >= 0); the least is used.
// Collects up to maxcols configurations with value > thresh (for column generation).
#include <stdlib.h>
#include <string.h>

#define D 5
static int n, nc, L;
static const int *cstart;      // nc+1
static const double *val;      // n
static const double *sz;       // n*D shares
static const long long *isz;   // n*D integer sizes
static long long icap[D];
static const double *lam;      // L*D
static double *suffix;         // L*(nc+1)
static double cap[D];
static double best;
static int *chosen, *bestsel, depth, bestdepth;
static long nodes, maxnodes;
static double thresh;
static int maxcols, ncols;
static int *colbuf;  // maxcols * nc, -1 terminated
static double *colval;

static void dfs(int k, double cur, double *res, long long *ires) {
  nodes++;
  if (nodes > maxnodes) return;
  if (cur > best) {
    best = cur;
    bestdepth = depth;
    memcpy(bestsel, chosen, sizeof(int) * depth);
  }
  if (cur > thresh && ncols < maxcols && depth > 0) {
    // record (the caller dedups); only leaves-or-not: record every node above thresh once per path end
  }
  if (k == nc) {
    if (cur > thresh && ncols < maxcols) {
      int *c = colbuf + (long)ncols * (nc + 1);
      memcpy(c, chosen, sizeof(int) * depth);
      c[depth] = -1;
      colval[ncols++] = cur;
    }
    return;
  }
  double target = best;
  if (ncols < maxcols && thresh < best) target = thresh;  // while collecting, keep what exceeds thresh
  for (int l = 0; l < L; l++) {
    double b = cur + suffix[l * (nc + 1) + k];
    for (int d = 0; d < D; d++) b += lam[l * D + d] * res[d];
#ifdef INTEGER_VALUES
    if (b + 1.0 <= target) return;  // integer values (the exact check): a margin of one unit
#else
    if (b <= target + 1e-12) return;
#endif
  }
  for (int g = cstart[k]; g < cstart[k + 1]; g++) {
    const double *s = sz + (long)g * D;
    const long long *is = isz + (long)g * D;
    int ok = 1;
    for (int d = 0; d < D; d++)
      if (is[d] > ires[d]) { ok = 0; break; }
    if (!ok) continue;
    double r2[D];
    long long ir2[D];
    for (int d = 0; d < D; d++) { r2[d] = res[d] - s[d]; ir2[d] = ires[d] - is[d]; }
    chosen[depth++] = g;
    dfs(k + 1, cur + val[g], r2, ir2);
    depth--;
    if (nodes > maxnodes) return;
  }
  dfs(k + 1, cur, res, ires);
}

// returns best value; *outnodes nodes; sel gets best item list (-1 terminated)
double mckp(int n_, int nc_, const int *cstart_, const double *val_, const double *sz_, const long long *isz_, const long long *icap_, const double *cap_,
            int L_, const double *lam_, long maxnodes_, double thresh_, int maxcols_, int *colbuf_,
            double *colval_, int *ncols_out, int *sel, long *outnodes) {
  isz = isz_; memcpy(icap, icap_, sizeof(icap)); n = n_; nc = nc_; cstart = cstart_; val = val_; sz = sz_; L = L_; lam = lam_;
  maxnodes = maxnodes_; thresh = thresh_; maxcols = maxcols_; colbuf = colbuf_; colval = colval_; ncols = 0;
  memcpy(cap, cap_, sizeof(cap));
  suffix = malloc(sizeof(double) * L * (nc + 1));
  for (int l = 0; l < L; l++) {
    suffix[l * (nc + 1) + nc] = 0;
    for (int k = nc - 1; k >= 0; k--) {
      double m = 0;
      for (int g = cstart[k]; g < cstart[k + 1]; g++) {
        double r = val[g];
        for (int d = 0; d < D; d++) r -= lam[l * D + d] * sz[(long)g * D + d];
        if (r > m) m = r;
      }
      suffix[l * (nc + 1) + k] = suffix[l * (nc + 1) + k + 1] + m;
    }
  }
  chosen = malloc(sizeof(int) * (nc + 1));
  bestsel = malloc(sizeof(int) * (nc + 1));
  best = 0; bestdepth = 0; depth = 0; nodes = 0;
  double res[D];
  memcpy(res, cap, sizeof(res));
  long long ires[D];
  memcpy(ires, icap, sizeof(ires));
  dfs(0, 0, res, ires);
  memcpy(sel, bestsel, sizeof(int) * bestdepth);
  sel[bestdepth] = -1;
  *outnodes = nodes;
  *ncols_out = ncols;
  free(suffix); free(chosen); free(bestsel);
  return best;
}
