"""Makes the miniature CIFAR-N label files used by CifarNLabelsTest, in the published layout:
a zip whose payload is a protocol-2 pickle of a dict of NumPy int64 arrays (CIFAR-100N's coarse
keys are plain lists). The first ten CIFAR-10 clean labels are the real ones; noisy sets are made up.
Run with python3 (NumPy installed) in this directory."""
import pickle
import zipfile

import numpy as np

cifar10 = {
    'clean_label': np.array([6, 9, 9, 4, 1, 1, 2, 7, 8, 3], dtype=np.int64),
    'aggre_label': np.array([6, 9, 9, 4, 1, 1, 2, 7, 8, 5], dtype=np.int64),
    'worse_label': np.array([6, 1, 9, 4, 1, 0, 2, 7, 8, 5], dtype=np.int64),
    'random_label1': np.array([6, 9, 9, 4, 1, 1, 3, 7, 8, 3], dtype=np.int64),
    'random_label2': np.array([6, 9, 9, 4, 1, 1, 2, 7, 8, 3], dtype=np.int64),
    'random_label3': np.array([6, 9, 1, 4, 1, 1, 2, 7, 8, 3], dtype=np.int64),
}
with zipfile.ZipFile('CIFAR-10_human_tiny.pt', 'w') as z:
    z.writestr('CIFAR-10_human/data.pkl', pickle.dumps(cifar10, protocol=2))
    z.writestr('CIFAR-10_human/version', '3\n')

cifar100 = {
    'clean_label': np.array([19, 29, 0, 11, 1], dtype=np.int64),
    'noisy_label': np.array([19, 29, 0, 11, 2], dtype=np.int64),
    'clean_coarse_label': [11, 15, 4, 14, 1],
    'noisy_coarse_label': [11, 15, 4, 14, 1],
}
with zipfile.ZipFile('CIFAR-100_human_tiny.pt', 'w') as z:
    z.writestr('CIFAR-100_human/data.pkl', pickle.dumps(cifar100, protocol=2))
