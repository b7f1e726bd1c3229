//! A layer's parameters as the lectures write them, read and set by layer: weights by
//! neuron, biases, batch normalization's γ, β and running averages.

use super::Network;
use crate::engine::steps::{AnyStep, BatchNorm, Running};

impl Network {
    /// Layer `l`'s weights as the lectures write them: one row per neuron, one entry per
    /// input of the layer.
    pub fn layer_weights(&self, l: usize) -> Vec<Vec<f32>> {
        self.neuron_rows(l, &self.params)
    }

    /// Layer `l`'s biases, one per neuron (empty without biases).
    pub fn layer_biases(&self, l: usize) -> Vec<f32> {
        self.params[self.layers[l].biases.clone()].to_vec()
    }

    /// Layer `l`'s part of any vector laid out like the parameters (the gradient, say),
    /// as [`layer_weights`](Self::layer_weights) writes it: one row per neuron.
    pub fn neuron_rows(&self, l: usize, flat: &[f32]) -> Vec<Vec<f32>> {
        assert_eq!(flat.len(), self.params.len(), "neuron_rows: not laid out like the parameters");
        let layer = &self.layers[l];
        (0..layer.outputs).map(|j| (0..layer.inputs).map(|i| flat[layer.weight_index(i, j)]).collect()).collect()
    }

    /// Sets layer `l`'s weights from rows as [`layer_weights`](Self::layer_weights)
    /// writes them; a wrong shape or a value that is not finite is refused and nothing
    /// changes.
    pub fn set_layer_weights(&mut self, l: usize, rows: &[Vec<f32>]) -> Result<(), String> {
        let layer =
            self.layers.get(l).ok_or_else(|| format!("the network has {} layers of weights, not {}", self.layers.len(), l + 1))?.clone();
        if rows.len() != layer.outputs {
            return Err(format!(
                "layer {} has {} neurons, so it needs {} rows of weights, not {}",
                l + 1,
                layer.outputs,
                layer.outputs,
                rows.len()
            ));
        }
        for (j, row) in rows.iter().enumerate() {
            if row.len() != layer.inputs {
                return Err(format!(
                    "neuron {} of layer {} has {} inputs, so its row needs {} weights, not {}",
                    j + 1,
                    l + 1,
                    layer.inputs,
                    layer.inputs,
                    row.len()
                ));
            }
            if let Some(v) = row.iter().find(|v| !v.is_finite()) {
                return Err(format!("neuron {} of layer {}: {v} is not a finite number", j + 1, l + 1));
            }
        }
        for (j, row) in rows.iter().enumerate() {
            for (i, &v) in row.iter().enumerate() {
                let k = layer.weight_index(i, j);
                self.params[k] = v;
            }
        }
        Ok(())
    }

    /// Batch normalization of layer `l`: its scales γ, shifts β, and the running means
    /// and variances inference uses; `None` for a layer without it.
    pub fn layer_norm(&self, l: usize) -> Option<[Vec<f32>; 4]> {
        let layer = &self.layers[l];
        if layer.norm.is_empty() {
            return None;
        }
        let (gamma, beta) = self.params[layer.norm.clone()].split_at(layer.outputs);
        let r = &self.norm_step(l)?.running;
        Some([gamma.to_vec(), beta.to_vec(), r.mean.clone(), r.var.clone()])
    }

    /// Sets layer `l`'s batch normalization (γ, β, running mean, running variance, one
    /// each per neuron); refused, with nothing changed, if the layer has none or a count
    /// or value is wrong (a variance must not be negative).
    pub fn set_layer_norm(&mut self, l: usize, [gamma, beta, mean, var]: &[Vec<f32>; 4]) -> Result<(), String> {
        let layer = self.layers.get(l).ok_or_else(|| format!("the network has {} layers, not {}", self.layers.len(), l + 1))?.clone();
        if layer.norm.is_empty() {
            return Err(format!("layer {} has no batch normalization (batchnorm=off, or the output layer)", l + 1));
        }
        for (name, v) in [("γ", gamma), ("β", beta), ("mean", mean), ("variance", var)] {
            if v.len() != layer.outputs {
                return Err(format!("layer {} has {} neurons, so it needs one {name} per neuron, not {}", l + 1, layer.outputs, v.len()));
            }
            if let Some(x) = v.iter().find(|x| !x.is_finite()) {
                return Err(format!("layer {}: {name} {x} is not a finite number", l + 1));
            }
        }
        if let Some(x) = var.iter().find(|x| **x < 0.0) {
            return Err(format!("layer {}: a variance cannot be negative ({x})", l + 1));
        }
        let m = layer.outputs;
        self.params[layer.norm.start..layer.norm.start + m].copy_from_slice(gamma);
        self.params[layer.norm.start + m..layer.norm.end].copy_from_slice(beta);
        if let AnyStep::Norm(step) = &mut self.steps[self.ends[l]] {
            step.running = Running { mean: mean.clone(), var: var.clone() };
        }
        Ok(())
    }

    /// Sets layer `l`'s biases, one per neuron; refused (nothing changes) if the network
    /// has no biases or the count or a value is wrong.
    pub fn set_layer_biases(&mut self, l: usize, biases: &[f32]) -> Result<(), String> {
        let layer =
            self.layers.get(l).ok_or_else(|| format!("the network has {} layers of biases, not {}", self.layers.len(), l + 1))?.clone();
        if layer.biases.is_empty() {
            // A layer without biases (bias=off, or batch normalization's β instead) takes none.
            return if biases.is_empty() {
                Ok(())
            } else {
                Err(format!("layer {} has no biases (bias=off, or batch normalization's β takes their place)", l + 1))
            };
        }
        if biases.len() != layer.outputs {
            return Err(format!("layer {} has {} neurons, so it needs one bias per neuron, not {}", l + 1, layer.outputs, biases.len()));
        }
        if let Some(v) = biases.iter().find(|v| !v.is_finite()) {
            return Err(format!("layer {}: {v} is not a finite number", l + 1));
        }
        self.params[layer.biases].copy_from_slice(biases);
        Ok(())
    }

    /// Layer `l`'s batch normalization step, if it has one.
    fn norm_step(&self, l: usize) -> Option<&BatchNorm> {
        match &self.steps[self.ends[l]] {
            AnyStep::Norm(step) => Some(step),
            _ => None,
        }
    }
}
