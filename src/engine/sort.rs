//! A stable sort that is small in wasm: each instantiation of the standard library's sorts is
//! several KB of code (driftsort, quicksort and their small-sort networks), and the engine sorts
//! a handful of short lists. Bottom-up merge sort: O(n log n), one buffer of `n` elements.

/// Sorts `v` stably by `less`.
pub(crate) fn sort_by<T: Copy>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let n = v.len();
    let mut buf: Vec<T> = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        buf.clear();
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut a, mut b) = (lo, mid);
            while a < mid && b < hi {
                // Ties take from the left run: stable.
                if less(&v[b], &v[a]) {
                    buf.push(v[b]);
                    b += 1;
                } else {
                    buf.push(v[a]);
                    a += 1;
                }
            }
            buf.extend_from_slice(&v[a..mid]);
            buf.extend_from_slice(&v[b..hi]);
            lo = hi;
        }
        v.copy_from_slice(&buf);
        width *= 2;
    }
}

/// Sorts `v` stably by `less`, moving each element once.
pub(crate) fn sort_vec_by<T>(v: &mut Vec<T>, mut less: impl FnMut(&T, &T) -> bool) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_by(&mut order, |&a, &b| less(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut seed = 0x2545f4914f6cdd1du64;
        for n in [0usize, 1, 2, 3, 5, 8, 13, 64, 100, 1000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 7) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            let mut got = v.clone();
            sort_by(&mut got, |a, b| a.0 < b.0);
            assert_eq!(got, want, "n={n}");
            let mut got: Vec<(u8, usize)> = v.clone();
            sort_vec_by(&mut got, |a, b| a.0 < b.0);
            assert_eq!(got, want, "n={n}");
        }
    }
}
