locals {
  # A billion products: the evaluation step budget runs out first.
  cube = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : i * j * k]]]
}
