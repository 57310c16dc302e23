//! [`Batching`]: which points each step's gradient uses: all of them, an explicit list of
//! batches used in order, or seeded shuffled mini-batches; and the cursor that walks it.

use super::NnError;
use super::rng::NetRng;

/// How the points are split into the batches of successive steps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Batching {
    /// Every step uses every point (full-batch gradient descent).
    #[default]
    Full,
    /// Step `k` uses `batches[k % batches.len()]` (0-based point indices; repeats allowed).
    Fixed(Vec<Vec<usize>>),
    /// Each epoch the points are shuffled (seeded) and cut into consecutive batches of
    /// `size` (the last one smaller when `size` does not divide the number of points), like
    /// a torch `DataLoader(shuffle=True)`.
    Shuffled {
        /// Points per batch.
        size: usize,
        /// Seed of the shuffles.
        seed: u64,
    },
}

impl Batching {
    /// Checks the batching against a data set of `points` points: a non-empty list of
    /// non-empty batches of valid indices, or a size in `1..=points`.
    pub fn validate(&self, points: usize) -> Result<(), NnError> {
        match self {
            Batching::Full => Ok(()),
            Batching::Fixed(batches) => {
                if batches.is_empty() {
                    return Err(NnError::NoBatches);
                }
                for (b, batch) in batches.iter().enumerate() {
                    if batch.is_empty() {
                        return Err(NnError::EmptyBatch { batch: b });
                    }
                    if let Some(pos) = batch.iter().position(|&i| i >= points) {
                        return Err(NnError::BatchIndex {
                            batch: b,
                            pos,
                            index: batch[pos],
                            points,
                        });
                    }
                }
                Ok(())
            }
            Batching::Shuffled { size, .. } => {
                if (1..=points).contains(size) {
                    Ok(())
                } else {
                    Err(NnError::BatchSize {
                        size: *size,
                        points,
                    })
                }
            }
        }
    }

    /// True when some step's gradient does not use exactly every point once: a shuffled
    /// size below `points`, or an explicit batch that is not a permutation of all points.
    pub fn is_stochastic(&self, points: usize) -> bool {
        match self {
            Batching::Full => false,
            Batching::Shuffled { size, .. } => *size < points,
            Batching::Fixed(batches) => batches.iter().any(|b| {
                let mut seen = vec![false; points];
                b.len() != points
                    || b.iter()
                        .any(|&i| i >= points || std::mem::replace(&mut seen[i], true))
            }),
        }
    }
}

/// Walks a [`Batching`]: the batch of the current step, then the next.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BatchCursor {
    step: usize,
    /// All point indices (the full batch), or the current shuffled order.
    order: Vec<usize>,
    pos: usize,
    rng: NetRng,
}

impl BatchCursor {
    /// A cursor at step 0 of `batching` over `points` points.
    pub(crate) fn new(batching: &Batching, points: usize) -> Self {
        let mut c = Self {
            step: 0,
            order: (0..points).collect(),
            pos: 0,
            rng: NetRng::new(0),
        };
        c.reset(batching);
        c
    }

    /// Back to step 0 (the first shuffle redrawn from the seed).
    pub(crate) fn reset(&mut self, batching: &Batching) {
        self.step = 0;
        self.pos = 0;
        let n = self.order.len();
        self.order.clear();
        self.order.extend(0..n);
        if let Batching::Shuffled { seed, .. } = batching {
            self.rng = NetRng::new(*seed);
            self.rng.shuffle(&mut self.order);
        }
    }

    /// Steps taken so far (batches used).
    pub(crate) fn step(&self) -> usize {
        self.step
    }

    /// The current step's batch.
    pub(crate) fn current<'a>(&'a self, batching: &'a Batching) -> &'a [usize] {
        match batching {
            Batching::Full => &self.order,
            Batching::Fixed(b) => &b[self.step % b.len()],
            Batching::Shuffled { size, .. } => {
                &self.order[self.pos..(self.pos + size).min(self.order.len())]
            }
        }
    }

    /// Moves to the next step's batch (reshuffling at the end of an epoch).
    pub(crate) fn advance(&mut self, batching: &Batching) {
        self.step += 1;
        if let Batching::Shuffled { size, .. } = batching {
            self.pos += size;
            if self.pos >= self.order.len() {
                self.pos = 0;
                self.rng.shuffle(&mut self.order);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_batches_cycle_in_order() {
        let b = Batching::Fixed(vec![vec![0, 1], vec![2]]);
        let mut c = BatchCursor::new(&b, 3);
        let mut seen = Vec::new();
        for _ in 0..5 {
            seen.push(c.current(&b).to_vec());
            c.advance(&b);
        }
        assert_eq!(seen, [vec![0, 1], vec![2], vec![0, 1], vec![2], vec![0, 1]]);
        c.reset(&b);
        assert_eq!((c.step(), c.current(&b)), (0, &[0, 1][..]));
    }

    #[test]
    fn shuffled_epochs_cover_every_point_and_replay_after_reset() {
        let b = Batching::Shuffled { size: 4, seed: 9 };
        let mut c = BatchCursor::new(&b, 10);
        let mut first = Vec::new();
        for epoch in 0..3 {
            let mut all = Vec::new();
            for k in 0..3 {
                let batch = c.current(&b).to_vec();
                assert_eq!(batch.len(), if k == 2 { 2 } else { 4 });
                all.extend(batch);
                c.advance(&b);
            }
            if epoch == 0 {
                first = all.clone();
            }
            all.sort_unstable();
            assert_eq!(all, (0..10).collect::<Vec<_>>());
        }
        c.reset(&b);
        assert_eq!(c.current(&b), &first[..4]);
        assert_ne!(first, (0..10).collect::<Vec<_>>());
        let other = BatchCursor::new(&Batching::Shuffled { size: 4, seed: 10 }, 10);
        assert_ne!(other.current(&b), &first[..4]);
    }

    #[test]
    fn validation_and_stochasticity() {
        let e = Batching::Fixed(vec![vec![0], vec![1], vec![3, 4, 5, 6, 7, 40]]).validate(40);
        assert_eq!(
            e.unwrap_err().to_string(),
            "data.batches[2][5]: index 40 is outside the 40 points"
        );
        assert_eq!(
            Batching::Fixed(vec![vec![0], vec![]])
                .validate(3)
                .unwrap_err()
                .to_string(),
            "data.batches[1]: the batch is empty"
        );
        assert_eq!(
            Batching::Fixed(vec![]).validate(3).unwrap_err(),
            NnError::NoBatches
        );
        assert_eq!(
            Batching::Shuffled { size: 0, seed: 0 }
                .validate(3)
                .unwrap_err()
                .to_string(),
            "data.batch_size: 0 must be between 1 and the 3 points"
        );
        assert!(!Batching::Full.is_stochastic(3));
        assert!(!Batching::Fixed(vec![vec![2, 0, 1]]).is_stochastic(3));
        assert!(Batching::Fixed(vec![vec![2, 0, 0]]).is_stochastic(3));
        assert!(Batching::Fixed(vec![vec![0, 1, 2], vec![0]]).is_stochastic(3));
        assert!(!Batching::Shuffled { size: 3, seed: 1 }.is_stochastic(3));
        assert!(Batching::Shuffled { size: 2, seed: 1 }.is_stochastic(3));
    }
}
