/** What each plot shows and how to read it: the course's lessons, next to the picture they are about. */
export const CAPTIONS = {
  cost:
    "Train cost (blue) and dev cost (vermillion) per epoch. Both falling: still learning. Dev cost rising while train cost falls = overfitting (high variance): the early-stopping point is the minimum of the dev curve. Both high and flat = underfitting (high bias).",
  fullCost:
    "The dashed green curve is the whole network's cost with dropout off (the well-defined J): it must fall steadily. With dropout on, the training cost is noisy and not the J that gradient descent minimizes.",
  accuracy: "Train and dev accuracy per epoch: the gap between the two curves is the variance.",
  lossParts:
    "The training cost split into the data loss and the regularization penalty (L2: λ/2m · ΣW²). A penalty that is a large share of the cost pulls the weights hard toward 0 (risk of high bias); one near 0 does little.",
  noPenalty: "Here the regularization loss stays 0: the model has no weight penalty.",
  boundaryBinary:
    "The model's P(class 1) over the two features; the black line (P = 0.5) is the decision boundary. Circles are training examples, triangles dev examples, coloured by their true class: a point on the other colour's side is misclassified. A boundary that winds around single training points is overfitting; one too simple for the data is underfitting.",
  boundaryMulticlass:
    "The class the model predicts at each point of the plane. Circles are training examples, triangles dev examples, coloured by their true class: a point in another colour's region is misclassified.",
  gradientFlow:
    "Root mean square of each weight layer's gradient dJ/dW on a fixed probe batch, on a log scale. Healthy: the layers stay within a decade or two of each other, all shrinking slowly as training converges. The first layer orders of magnitude below the last = vanishing gradients (early layers barely learn); values growing far above 1 = exploding gradients.",
  weightNorm:
    "The size (Frobenius norm) of each weight matrix over training. L2 regularization and dropout keep these lower and flatter; norms that keep growing let the network fit noise.",
  validation:
    "Train and dev error against the hyperparameter; each point is a model trained with that setting. The best value is where the dev curve is lowest; where train error is far below dev error the model overfits (variance), where both are high it underfits (bias).",
  learning:
    "Train and dev error against the training-set size. A dev curve still falling at the right end: more data will help. Train and dev curves meeting at a high error: high bias, and more data will not help.",
} as const;
