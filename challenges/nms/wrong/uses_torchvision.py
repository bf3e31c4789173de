# expect: invalid_submission
# torchvision.ops.nms solves the exercise; this challenge bans torch and torchvision: an invalid
# submission, whether or not the sandbox has them installed.
import numpy as np
import torch
from torchvision.ops import nms as torch_nms


def nms(boxes, scores, iou_threshold):
    kept = torch_nms(torch.as_tensor(boxes), torch.as_tensor(scores), iou_threshold)
    return np.asarray(kept)
