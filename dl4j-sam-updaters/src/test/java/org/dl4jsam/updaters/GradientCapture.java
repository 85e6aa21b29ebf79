package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/** Records, per step, the flat gradient the base updater is about to read and the parameters then. */
final class GradientCapture extends BaseTrainingListener {
    final List<double[]> gradients = new ArrayList<>();
    final List<double[]> params = new ArrayList<>();
    final List<Double> scores = new ArrayList<>();

    @Override
    public void onGradientCalculation(Model model) {
        gradients.add(model.getGradientsViewArray().dup('c').data().asDouble());
        params.add(model.params().dup('c').data().asDouble());
        scores.add(model.score());
    }
}
