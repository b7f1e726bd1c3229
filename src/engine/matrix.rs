//! A row-major `f32` matrix: one example per row, one feature or neuron per column.

/// A dense row-major matrix of `f32`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

impl Matrix {
    /// The 0 × 0 matrix (usable in constants).
    pub const fn empty() -> Self {
        Matrix { rows: 0, cols: 0, data: Vec::new() }
    }

    /// A `rows × cols` matrix of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix { rows, cols, data: vec![0.0; rows * cols] }
    }

    /// Wraps row-major data; panics if `data.len() != rows * cols` (a programming error).
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f32>) -> Self {
        assert_eq!(data.len(), rows * cols, "Matrix::from_vec: {} values for {rows}×{cols}", data.len());
        Matrix { rows, cols, data }
    }

    /// Builds a matrix from equal-length rows.
    pub fn from_rows(rows: &[Vec<f32>]) -> Self {
        let cols = rows.first().map_or(0, Vec::len);
        let mut data = Vec::with_capacity(rows.len() * cols);
        for r in rows {
            assert_eq!(r.len(), cols, "Matrix::from_rows: ragged rows");
            data.extend_from_slice(r);
        }
        Matrix { rows: rows.len(), cols, data }
    }

    /// Number of rows (examples).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// All values, row by row.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    /// All values, row by row, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Row `i`, mutable.
    pub fn row_mut(&mut self, i: usize) -> &mut [f32] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// The value at row `i`, column `j`.
    pub fn get(&self, i: usize, j: usize) -> f32 {
        self.data[i * self.cols + j]
    }

    /// Sets the value at row `i`, column `j`.
    pub fn set(&mut self, i: usize, j: usize, v: f32) {
        self.data[i * self.cols + j] = v;
    }

    /// Changes the shape, reusing the allocation when it is big enough.
    /// Values are unspecified afterwards (callers overwrite them).
    pub fn reshape(&mut self, rows: usize, cols: usize) {
        self.rows = rows;
        self.cols = cols;
        self.data.resize(rows * cols, 0.0);
    }

    /// Copies the given rows of `src` into `self` (reshaped to `indices.len() × src.cols`).
    #[inline(never)]
    pub fn gather_rows(&mut self, src: &Matrix, indices: &[usize]) {
        self.reshape(indices.len(), src.cols);
        for (dst, &i) in indices.iter().enumerate() {
            let c = src.cols;
            self.data[dst * c..(dst + 1) * c].copy_from_slice(src.row(i));
        }
    }
}
