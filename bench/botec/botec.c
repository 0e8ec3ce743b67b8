/* The time-to-botec model in plain single-threaded C: 1,000,000 samples.
 *
 * xorshift64* for uniforms, Box-Muller (both outputs used) for normals.
 * The samples are kept in an array, as a sample set is, then averaged.
 * `a to b` is a lognormal whose 90% interval is [a, b].
 * Build: cc -O2 -o botec botec.c -lm
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 1000000
#define Z95 1.6448536269514722

static uint64_t state = 0x9E3779B97F4A7C15ull;

static double uniform01(void) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    uint64_t r = state * 0x2545F4914F6CDD1Dull;
    return (double)(r >> 11) * (1.0 / 9007199254740992.0); /* [0, 1) */
}

static int have_spare = 0;
static double spare;

static double normal01(void) {
    if (have_spare) {
        have_spare = 0;
        return spare;
    }
    double u1 = 1.0 - uniform01(); /* (0, 1]: log never sees 0 */
    double u2 = uniform01();
    double radius = sqrt(-2.0 * log(u1));
    double angle = 2.0 * M_PI * u2;
    spare = radius * sin(angle);
    have_spare = 1;
    return radius * cos(angle);
}

static double to(double a, double b) {
    double mu = (log(a) + log(b)) / 2.0;
    double sigma = (log(b) - log(a)) / (2.0 * Z95);
    return exp(mu + sigma * normal01());
}

int main(void) {
    double p_c = 0.8 * 0.5;
    double w[4] = {1 - p_c, p_c / 2, p_c / 4, p_c / 4};
    double c1 = w[0], c2 = c1 + w[1], c3 = c2 + w[2];
    double *samples = malloc(sizeof(double) * N);
    if (samples == NULL) return 1;
    for (int i = 0; i < N; i++) {
        double u = uniform01();
        if (u < c1) samples[i] = 0.0;
        else if (u < c2) samples[i] = 1.0;
        else if (u < c3) samples[i] = to(1, 3);
        else samples[i] = to(2, 10);
    }
    double total = 0.0;
    for (int i = 0; i < N; i++) total += samples[i];
    printf("%.4g\n", total / N);
    free(samples);
    return 0;
}
