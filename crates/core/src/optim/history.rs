//! [`History`]: a run's bounded trajectory storage.

/// One history row (borrowed from [`History`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoryRow<'a> {
    /// Optimizer steps taken before this point (0 = start).
    pub step: usize,
    /// Parameters.
    pub point: &'a [f64],
    /// Objective value at `point`.
    pub loss: f64,
    /// Gradient at `point`.
    pub grad: &'a [f64],
    /// Euclidean norm of `grad`.
    pub grad_norm: f64,
    /// Learning rate of the step taken *from* this row (`grad` and `lr` produce the next row).
    pub lr: f64,
}

const META: usize = 4; // step, loss, grad_norm, lr

/// Bounded trajectory storage, flat `Vec<f64>` rows `[step, loss, grad_norm, lr, point.., grad..]`.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    dim: usize,
    data: Vec<f64>,
    cap: usize,
    stride: usize,
}

impl History {
    pub(super) fn new(dim: usize, cap: usize) -> Self {
        Self {
            dim,
            data: Vec::new(),
            cap: cap.max(2).next_multiple_of(2),
            stride: 1,
        }
    }

    fn width(&self) -> usize {
        META + 2 * self.dim
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.data.len() / self.width()
    }

    /// True when no row has been recorded yet.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Parameter dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Steps between recorded rows (1 until the cap has been hit).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Bytes this history holds on the heap (its allocation, not just the rows in use).
    pub fn heap_bytes(&self) -> usize {
        self.data.capacity() * std::mem::size_of::<f64>()
    }

    /// Row `i`, if present.
    pub fn row(&self, i: usize) -> Option<HistoryRow<'_>> {
        let w = self.width();
        let r = self.data.get(i * w..(i + 1) * w)?;
        Some(HistoryRow {
            step: r[0] as usize,
            loss: r[1],
            grad_norm: r[2],
            lr: r[3],
            point: &r[META..META + self.dim],
            grad: &r[META + self.dim..],
        })
    }

    /// The latest row.
    pub fn last(&self) -> Option<HistoryRow<'_>> {
        self.len().checked_sub(1).and_then(|i| self.row(i))
    }

    /// All rows in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = HistoryRow<'_>> + '_ {
        (0..self.len()).map(move |i| self.row(i).expect("index < len"))
    }

    /// The axis along which the recorded steps flipped sign at least `flips` consecutive
    /// times up to row `row` (the oscillation a view shows while the run goes on).
    pub fn oscillation_at(&self, row: usize, flips: u32) -> Option<usize> {
        let flips = flips.max(1) as usize;
        if row >= self.len() || row < flips + 1 {
            return None;
        }
        (0..self.dim).find(|&axis| {
            let coord = |i: usize| self.row(i).map_or(f64::NAN, |r| r.point[axis]);
            (row + 1 - flips..=row).all(|k| {
                let (d0, d1) = (coord(k - 1) - coord(k - 2), coord(k) - coord(k - 1));
                d0 * d1 < 0.0
            })
        })
    }

    /// The first row's step and axis at which [`History::oscillation_at`] turns on.
    pub fn first_oscillation(&self, flips: u32) -> Option<(usize, usize)> {
        (0..self.len()).find_map(|row| {
            self.oscillation_at(row, flips)
                .map(|axis| (self.row(row).map_or(0, |r| r.step), axis))
        })
    }

    /// The recorded points only.
    pub fn points(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        let w = self.width();
        self.data
            .chunks_exact(w)
            .map(move |r| &r[META..META + self.dim])
    }

    pub(super) fn clear(&mut self) {
        self.data.clear();
        self.stride = 1;
    }

    pub(super) fn last_step(&self) -> Option<usize> {
        let w = self.width();
        (!self.data.is_empty()).then(|| self.data[self.data.len() - w] as usize)
    }

    pub(super) fn write(
        &mut self,
        step: usize,
        point: &[f64],
        loss: f64,
        grad: &[f64],
        grad_norm: f64,
        lr: f64,
    ) {
        self.data
            .extend_from_slice(&[step as f64, loss, grad_norm, lr]);
        self.data.extend_from_slice(point);
        self.data.extend_from_slice(grad);
    }

    #[inline]
    pub(super) fn push(
        &mut self,
        step: usize,
        point: &[f64],
        loss: f64,
        grad: &[f64],
        grad_norm: f64,
        lr: f64,
    ) {
        if !step.is_multiple_of(self.stride) {
            return;
        }
        if self.len() >= self.cap {
            // Keep rows 0, 2, 4, … and double the stride.
            let w = self.width();
            let n = self.len();
            for i in 1..n.div_ceil(2) {
                self.data.copy_within(2 * i * w..(2 * i + 1) * w, i * w);
            }
            self.data.truncate(n.div_ceil(2) * w);
            self.stride *= 2;
            if !step.is_multiple_of(self.stride) {
                return;
            }
        }
        self.write(step, point, loss, grad, grad_norm, lr);
    }

    /// Records the final state even if the stride would skip it.
    pub(super) fn push_final(
        &mut self,
        step: usize,
        point: &[f64],
        loss: f64,
        grad: &[f64],
        grad_norm: f64,
        lr: f64,
    ) {
        if self.last_step() != Some(step) {
            self.write(step, point, loss, grad, grad_norm, lr);
        }
    }
}
